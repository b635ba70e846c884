import type { IncomingHttpHeaders } from 'node:http';
import { sessionCookieNames } from '../sessions/session-secrets.ts';

/**
 * A header's name as CGI, WSGI and Rack servers read it: they fold `-` and `_` alike into `HTTP_X_TESSERA_USER_ID`,
 * so `X_Tessera_User_Id` and `x-tessera-user-id` are one header to them, and whichever comes last wins.
 */
export const foldedName = (name: string) => name.toLowerCase().replaceAll('_', '-');

/**
 * RFC 9110 §7.6.1's connection-specific fields and the ones proxies have long treated alike: they describe the
 * client's hop, not the gateway's. (undici would refuse to send some of them at all.)
 */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

/** The caller's credential, and what only the gateway may say: who called, from where, in which request and trace. */
const gatewayOnly = new Set(['authorization', 'forwarded', 'x-real-ip', 'x-request-id', 'traceparent', 'tracestate']);
const gatewayPrefixes = ['x-tessera-', 'x-forwarded-'];

export interface UpstreamHeaderOptions {
  /** The client's own Connection header: the fields it names belong to its hop only. */
  connection: string | string[] | undefined;
  /** More client headers to leave out, by folded name (the method overrides of a route that strips them). */
  dropped: ReadonlySet<string>;
  /** What the gateway itself tells the upstream: `x-tessera-*`, `x-forwarded-*`, the request id and trace. */
  gateway: Record<string, string>;
}

/**
 * The headers the upstream receives: the client's, less every one that could pass for the gateway's under any
 * spelling an upstream folds together, less the hop-by-hop ones; then the gateway's own, added last so that no
 * `Connection` of the client's can name them away. `host` is the upstream's, set by reply-from.
 */
export function upstreamHeaders(client: NodeJS.Dict<string | string[]>, { connection, dropped, gateway }: UpstreamHeaderOptions): IncomingHttpHeaders {
  const named = new Set([connection ?? []].flat().flatMap((value) => value.split(',').map((name) => foldedName(name.trim()))));
  named.delete('host');
  const forwarded = (name: string) => {
    const folded = foldedName(name);
    const impersonates = gatewayOnly.has(folded) || gatewayPrefixes.some((prefix) => folded.startsWith(prefix));
    return !impersonates && !hopByHop.has(folded) && !named.has(folded) && !dropped.has(folded);
  };
  const headers: IncomingHttpHeaders = Object.fromEntries(Object.entries(client).filter(([name]) => forwarded(name)));
  if (headers.cookie !== undefined) {
    const cookies = withoutSessionCookie(headers.cookie);
    if (cookies === undefined) delete headers.cookie;
    else headers.cookie = cookies;
  }
  return { ...headers, ...gateway };
}

/**
 * The proxy never takes the session cookie as a credential (ADR 12), and never hands it on either: an upstream that
 * saw it could act as the signed-in user on the gateway. The client's other cookies are the upstream's own business.
 */
function withoutSessionCookie(header: string): string | undefined {
  const kept = header.split(';').filter((pair) => !sessionCookieNames.has(pair.split('=', 1)[0]!.trim()));
  return kept.length === 0 ? undefined : kept.map((pair) => pair.trim()).join('; ');
}
