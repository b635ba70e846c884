import { status, type ServiceError } from '@grpc/grpc-js';
import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedValidation, TokenServiceClient } from '@tessera/token-service-client';
import { attemptLogin, type LoginDependencies, type LoginOutcome } from '../auth/attempt-login.ts';
import { endClient } from '../auth/authenticate.ts';
import { csrfTokenMatches, csrfTokenOf, newSessionSecret, readableSessionSecret, sealToken, sessionCookie, sessionId, unsealToken } from './session-secrets.ts';
import type { SessionRecord, SessionStore } from './session-store.ts';

/** The session a request came with, once its record and its token have checked out. */
export interface ActiveSession {
  id: string;
  secret: string;
  record: SessionRecord;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the session cookie, not an Authorization header, authenticated the request. */
    session: ActiveSession | undefined;
  }
  interface FastifyInstance {
    sessions: Sessions;
  }
}

export interface SessionSettings {
  idleSeconds: number;
  maxSeconds: number;
}

export interface Sessions {
  /** Ends any session the request came with, then signs in afresh: a new cookie every time (no fixation). */
  signIn(request: FastifyRequest, reply: FastifyReply, attempt: { login: string; password: string; issueCsrf: boolean }): Promise<LoginOutcome>;
  /** Reads the cookie: `none` without one, `ended` when it names no live session or its token no longer checks out. */
  identify(request: FastifyRequest): Promise<'none' | 'ended' | 'active'>;
  /** Destroys the request's session on the server (its token logged out, its record deleted) and clears the cookie. */
  signOut(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The active session's CSRF token, from now on required of its unsafe requests. */
  issueCsrf(request: FastifyRequest): Promise<string>;
  /** Why an unsafe request authenticated by the session is refused, or undefined. */
  csrfRefusal(request: FastifyRequest): string | undefined;
  /** Why a sign-in is refused as cross-site, or undefined: a login form posted from elsewhere signs nobody in. */
  originRefusal(request: FastifyRequest): string | undefined;
  /** When the active session ends if unused, and at the latest. */
  expiry(session: ActiveSession): { idle_expires_at: string; expires_at: string };
}

// Behind TLS the `__Host-` prefix makes the browser refuse the cookie unless it is Secure, host-only and Path=/.
const cookieName = (request: FastifyRequest) => (request.protocol === 'https' ? sessionCookie.tls : sessionCookie.plain);
const cookieOptions = (request: FastifyRequest) => ({ httpOnly: true, sameSite: 'lax' as const, path: '/', secure: request.protocol === 'https' });


export const sessionsPlugin = fp<{ store: SessionStore; tokenService: TokenServiceClient; validation: Pick<CachedValidation, 'validate'>; settings: SessionSettings; login: LoginDependencies }>(
  async (app, { store, tokenService, validation, settings, login }) => {
    await app.register(cookie);
    app.decorateRequest('session', undefined);
    const remainingMs = (record: SessionRecord, now: number) => Math.min(settings.idleSeconds * 1000, record.ends_at - now);

    const presentedSecret = (request: FastifyRequest) => readableSessionSecret(request.cookies[cookieName(request)]);

    async function destroy(secret: string, request: FastifyRequest) {
      const id = sessionId(secret);
      const record = await store.get(id);
      const token = record && unsealToken(secret, record.sealed_token);
      if (token) {
        await tokenService.logout({ credential: { token }, client: endClient(request) }, false).catch((error: unknown) => {
          // Already expired or revoked: as logged out as it gets.
          if ((error as ServiceError).code !== status.UNAUTHENTICATED) throw error;
        });
      }
      await store.delete(id);
    }

    const sessions: Sessions = {
      async signIn(request, reply, { login: name, password, issueCsrf }) {
        const previous = presentedSecret(request);
        if (previous) {
          await destroy(previous, request);
          reply.clearCookie(cookieName(request), cookieOptions(request));
        }
        const outcome = await attemptLogin(login, { login: name, password, clientType: 'browser', ...endClient(request) });
        if (outcome.kind !== 'logged_in') return outcome;
        const { user, token } = outcome.response;
        const secret = newSessionSecret();
        const now = Date.now();
        const record: SessionRecord = {
          user_id: user!.id,
          token_id: token!.id,
          sealed_token: sealToken(secret, token!.token),
          created_at: now,
          last_seen: now,
          ends_at: Math.min(now + settings.maxSeconds * 1000, Date.parse(token!.expires_at)),
          csrf_issued: issueCsrf,
        };
        const id = sessionId(secret);
        try {
          await store.put(id, record, remainingMs(record, now));
        } catch (error) {
          // A token no session holds would live on unseen until it expires: give it back.
          await tokenService.logout({ credential: { token: token!.token }, client: endClient(request) }, false).catch(() => undefined);
          throw error;
        }
        reply.setCookie(cookieName(request), secret, cookieOptions(request));
        request.session = { id, secret, record };
        request.log.info({ token_id: record.token_id, user_id: record.user_id }, 'session signed in');
        return outcome;
      },

      async identify(request) {
        const secret = presentedSecret(request);
        if (!secret) return 'none';
        const id = sessionId(secret);
        const record = await store.get(id);
        const token = record && unsealToken(secret, record.sealed_token);
        const now = Date.now();
        if (!record || !token || now >= record.ends_at) {
          if (record) await store.delete(id);
          return 'ended';
        }
        // The same check as a token's, through the same memory of verdicts: a revoked token, a deactivated user or
        // a password change ends the session at the next request.
        const verdict = await validation.validate({ token }, endClient(request));
        if (!verdict.valid || !verdict.user || !verdict.token || verdict.user.id !== record.user_id) {
          request.log.info({ verdict: verdict.code, token_id: record.token_id }, 'session refused');
          await store.delete(id);
          return 'ended';
        }
        const touched = { ...record, last_seen: now };
        await store.put(id, touched, remainingMs(touched, now));
        request.session = { id, secret, record: touched };
        request.identity = { user: verdict.user, token: verdict.token, credential: { token } };
        return 'active';
      },

      async signOut(request, reply) {
        const secret = request.session?.secret ?? presentedSecret(request);
        if (secret) await destroy(secret, request);
        request.session = undefined;
        reply.clearCookie(cookieName(request), cookieOptions(request));
      },

      async issueCsrf(request) {
        const session = request.session!;
        if (!session.record.csrf_issued) {
          session.record = { ...session.record, csrf_issued: true };
          await store.put(session.id, session.record, remainingMs(session.record, Date.now()));
        }
        return csrfTokenOf(session.secret);
      },

      csrfRefusal(request) {
        const session = request.session!;
        const origin = originCheck(request, { refererRequired: session.record.csrf_issued });
        if (origin) return origin;
        if (!session.record.csrf_issued) return undefined;
        const body = request.body as Record<string, unknown> | undefined;
        const presented = [request.headers['x-csrf-token'], request.headers['x-frappe-csrf-token'], typeof body === 'object' && body !== null ? body['csrf_token'] : undefined]
          .find((value) => typeof value === 'string');
        if (presented === undefined) return 'CSRF Failed: CSRF token missing. Send the session\'s CSRF token (GET /console/session) in the X-CSRF-Token header or a csrf_token form field.';
        return csrfTokenMatches(session.secret, presented as string) ? undefined : 'CSRF Failed: CSRF token incorrect.';
      },

      originRefusal: (request) => originCheck(request, { refererRequired: false }),

      expiry(session) {
        const idleEnd = Math.min(session.record.last_seen + settings.idleSeconds * 1000, session.record.ends_at);
        return { idle_expires_at: new Date(idleEnd).toISOString(), expires_at: new Date(session.record.ends_at).toISOString() };
      },
    };
    app.decorate('sessions', sessions);
  },
  { name: 'sessions' },
);

/**
 * Django's CsrfViewMiddleware's origin rules: an Origin must be the gateway's own (its scheme and host as the client
 * sees them, through trusted proxies); without one, a request over TLS needs a same-origin Referer.
 */
function originCheck(request: FastifyRequest, { refererRequired }: { refererRequired: boolean }): string | undefined {
  const own = `${request.protocol}://${request.host}`;
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === own ? undefined : `CSRF Failed: Origin checking failed - ${origin.slice(0, 200)} is not this gateway's origin.`;
  if (!refererRequired || request.protocol !== 'https') return undefined;
  const referer = request.headers.referer;
  if (referer === undefined) return 'CSRF Failed: Referer checking failed - no Referer.';
  return URL.canParse(referer) && new URL(referer).origin === own ? undefined : "CSRF Failed: Referer checking failed - the Referer is not this gateway's origin.";
}
