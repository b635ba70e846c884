import type { IncomingHttpHeaders } from 'node:http';
import { foldedName } from './upstream-headers.ts';

/**
 * The method overrides web frameworks honour: a header (Google's and ASP.NET's `X-HTTP-Method-Override`, OData's
 * `X-HTTP-Method`, express's `X-Method-Override`) or a `_method` field (Rails, Laravel, Symfony, express), which turn
 * a POST into whatever method they name. A policy checked against the wire method alone would not see that method.
 */
export const methodOverrideHeaders: ReadonlySet<string> = new Set(['x-http-method-override', 'x-http-method', 'x-method-override']);
export const methodOverrideParameter = '_method';

/**
 * Every method the request's overrides name, uppercased as the frameworks read them (an empty one they ignore): the headers (under any spelling
 * a CGI-style server folds to the same name, each comma-separated value), and `_method` in the query and in a form
 * body. A body the gateway streams unread (JSON, multipart) is not searched.
 */
export function overriddenMethods(headers: IncomingHttpHeaders, query: string, form: Buffer | undefined): string[] {
  const fromHeaders = Object.entries(headers)
    .filter(([name]) => methodOverrideHeaders.has(foldedName(name)))
    .flatMap(([, value]) => [value ?? []].flat())
    .flatMap((value) => value.split(','));
  const fromFields = [new URLSearchParams(query), new URLSearchParams(form?.toString('utf8') ?? '')].flatMap((fields) => fields.getAll(methodOverrideParameter));
  const methods = [...fromHeaders, ...fromFields].map((method) => method.trim().toUpperCase()).filter((method) => method !== '');
  return [...new Set(methods)];
}
