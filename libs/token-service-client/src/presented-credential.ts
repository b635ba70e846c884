import { isApiKeyId } from '@tessera/domain';
import type { CheckedCredential } from './token-service.client.ts';

/**
 * Every way a client presents a credential (the brief's list), read from the request without any lookup:
 *   Authorization: Token <t> | token <t> | Bearer <t>        (QFieldCloud / DRF, Djblets, Frappe; scheme in any case)
 *   Authorization: token <api_key>:<api_secret>               (Frappe)
 *   Authorization: Basic base64(<api_key>:<api_secret>)       (Frappe)
 *   Authorization: Basic base64(<user>:<token>)               (django-tokenapi)
 *   `user` and `token` request parameters, which win over the header when both are sent (django-tokenapi).
 * Whether the credential is valid is the token service's answer; this only says what was presented, or why the
 * header cannot be read, in DRF's words.
 */
export type PresentedCredential =
  | { kind: 'none' }
  | { kind: 'token'; token: string; user?: string }
  | { kind: 'api_key'; apiKey: string; secret: string }
  | { kind: 'unreadable'; message: string };

/** What a readable credential is checked as by the token service's Validate. */
export function checkedCredential(presented: Extract<PresentedCredential, { kind: 'token' | 'api_key' }>): CheckedCredential {
  return presented.kind === 'token' ? { token: presented.token } : { apiKey: presented.apiKey, secret: presented.secret };
}

export interface CredentialSources {
  authorization?: string | undefined;
  /** From the query string or a form body. */
  params?: { user?: unknown; token?: unknown };
}

// Ours are far shorter (a token is 53 characters); the token service refuses longer ones as malformed requests.
const maxCredentialLength = 512;

export function presentedCredential({ authorization, params }: CredentialSources): PresentedCredential {
  if (typeof params?.token === 'string' && params.token !== '') {
    return withUser(params.token, typeof params.user === 'string' && params.user !== '' ? params.user : undefined);
  }
  if (authorization === undefined || authorization.trim() === '') return { kind: 'none' };
  if (authorization.length > maxCredentialLength) return unreadable('Invalid token header. The credentials are too long.');

  const [scheme = '', ...rest] = authorization.trim().split(/\s+/);
  switch (scheme.toLowerCase()) {
    case 'token':
    case 'bearer':
      if (rest.length === 0) return unreadable('Invalid token header. No credentials provided.');
      if (rest.length > 1) return unreadable('Invalid token header. Token string should not contain spaces.');
      return tokenOrKey(rest[0]!);
    case 'basic':
      if (rest.length === 0) return unreadable('Invalid basic header. No credentials provided.');
      if (rest.length > 1) return unreadable('Invalid basic header. Credentials string should not contain spaces.');
      return basic(rest[0]!);
    default:
      // Another scheme (Digest, a cookie-based client's header) is not ours to judge: no credential was presented.
      return { kind: 'none' };
  }
}

function tokenOrKey(value: string): PresentedCredential {
  const separator = value.indexOf(':');
  if (separator === -1) return { kind: 'token', token: value };
  return apiKey(value.slice(0, separator), value.slice(separator + 1)) ?? unreadable('Invalid token header. Expected <api_key>:<api_secret>.');
}

function basic(encoded: string): PresentedCredential {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    return unreadable('Invalid basic header. Credentials not correctly base64 encoded.');
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator === -1) return unreadable('Invalid basic header. Credentials not correctly base64 encoded.');
  const [left, right] = [decoded.slice(0, separator), decoded.slice(separator + 1)];
  if (right === '') return unreadable('Invalid basic header. No credentials provided.');
  return apiKey(left, right) ?? withUser(right, left === '' ? undefined : left);
}

function apiKey(key: string, secret: string): PresentedCredential | undefined {
  if (!isApiKeyId(key) || secret === '') return undefined;
  return { kind: 'api_key', apiKey: key, secret };
}

function withUser(token: string, user: string | undefined): PresentedCredential {
  if (token.length > maxCredentialLength) return unreadable('Invalid token. The token is too long.');
  return user === undefined ? { kind: 'token', token } : { kind: 'token', token, user };
}

const unreadable = (message: string): PresentedCredential => ({ kind: 'unreadable', message });
