import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A session's cookie holds 256 random bits and nothing else. Everything the server keeps is derived from them by
 * HMAC under distinct labels, so Redis holds no secret in clear (ADR 12): the record's key is one derivation, the
 * key that seals the session's browser token another, the CSRF token a third. A leaked Redis dump or CSRF token
 * yields neither the cookie nor a usable token.
 */
export const sessionCookie = { plain: 'tessera_session', tls: '__Host-tessera_session' } as const;
/** Every name a session may come under, for whoever must strip it (the proxy). */
export const sessionCookieNames: ReadonlySet<string> = new Set(Object.values(sessionCookie));

const derive = (secret: string, label: string) => createHmac('sha256', secret).update(label).digest();

const cookieValue = /^[A-Za-z0-9_-]{43}$/;

export const newSessionSecret = () => randomBytes(32).toString('base64url');

/** A cookie value of the form the gateway issues, or undefined: anything else is no session at all. */
export const readableSessionSecret = (value: string | undefined) => (value !== undefined && cookieValue.test(value) ? value : undefined);

/** The record's key: the secret's digest. */
export const sessionId = (secret: string) => derive(secret, 'tessera session id').toString('hex');

/** The synchronizer token: bound to the session, useless without its cookie and telling nothing of it. */
export const csrfTokenOf = (secret: string) => derive(secret, 'tessera session csrf').toString('base64url');

export function csrfTokenMatches(secret: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenOf(secret));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The session's browser token, sealed (AES-256-GCM) under a key only the cookie gives. */
export function sealToken(secret: string, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(secret, 'tessera session seal'), iv);
  cipher.setAAD(Buffer.from(sessionId(secret)));
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [iv, sealed, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

/** The token back, or undefined when the record was not sealed for this cookie. */
export function unsealToken(secret: string, sealed: string): string | undefined {
  const [iv, body, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !body || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', derive(secret, 'tessera session seal'), iv);
    decipher.setAAD(Buffer.from(sessionId(secret)));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
