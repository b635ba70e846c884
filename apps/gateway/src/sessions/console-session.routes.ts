import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { ErrorBody, NoQuery, refusalResponses } from '../errors.ts';
import { onlyDeclaredInput } from '../auth/authenticate.ts';
import { loginRefusal, type LoginDependencies } from '../auth/attempt-login.ts';
import { LoginBody } from '../auth/login.routes.ts';

const SessionView = Type.Object({
  user: Type.Object({ id: Type.String(), username: Type.String(), email: Type.String(), first_name: Type.String(), last_name: Type.String(), roles: Type.Array(Type.String()) }),
  csrf_token: Type.String({ description: "Send it with every unsafe request the session makes: X-CSRF-Token header, or a form's csrf_token field" }),
  idle_expires_at: Type.String({ description: 'When the session ends unless used before (each request pushes it on)' }),
  expires_at: Type.String({ description: 'When the session ends whatever happens' }),
});

const noSession = { code: 'not_authenticated', message: 'No session: this route answers the session cookie only. Sign in at POST /console/session.' };

/**
 * The console's session: sign in (a fresh cookie each time), see who is signed in with the CSRF token, sign out.
 * Sign-in refuses as /api/v1/auth/login/ does, through the same throttle and lockout (ADR 5 and 12).
 */
export const consoleSessionRoutes: FastifyPluginAsyncTypebox<LoginDependencies> = async (app, logins) => {
  onlyDeclaredInput(app);
  const view = async (request: FastifyRequest, user: Static<typeof SessionView>['user']) => {
    const { id, username, email, first_name, last_name, roles } = user;
    return { user: { id, username, email, first_name, last_name, roles }, csrf_token: await app.sessions.issueCsrf(request), ...app.sessions.expiry(request.session!) };
  };
  const needsSession = (request: FastifyRequest, reply: FastifyReply) => (request.session ? undefined : reply.code(401).header('www-authenticate', 'Token').send(noSession));

  app.post('/console/session', {
    config: { rateLimit: logins.rateLimit },
    schema: {
      description: 'Signs in with a username or an email and a password, as a browser login: sets the session cookie (HttpOnly, SameSite=Lax; Secure with the __Host- prefix over TLS) and ends any session the request came with.',
      querystring: NoQuery,
      body: LoginBody,
      response: { 200: SessionView, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody, 503: ErrorBody },
    },
  }, async (request, reply) => {
    const crossSite = app.sessions.originRefusal(request);
    if (crossSite) return reply.code(403).send({ code: 'csrf_failed', message: crossSite });
    const outcome = await app.sessions.signIn(request, reply, { login: (request.body.username ?? request.body.email)!, password: request.body.password, issueCsrf: true });
    if (outcome.kind !== 'logged_in') return reply.code(401).header('www-authenticate', 'Token').send(loginRefusal(outcome));
    return view(request, outcome.response.user!);
  });

  app.get('/console/session', {
    config: { resource: 'account' },
    schema: { description: 'Who is signed in by the session cookie, its CSRF token and when it ends.', response: { 200: SessionView, ...refusalResponses } },
  }, async (request, reply) => needsSession(request, reply) ?? view(request, request.identity!.user));

  app.delete('/console/session', {
    config: { resource: 'account' },
    schema: { description: "Signs out: the session's token is logged out, its record destroyed and the cookie cleared.", response: { 200: Type.Object({ detail: Type.String() }), ...refusalResponses } },
  }, async (request, reply) => {
    if (needsSession(request, reply)) return reply;
    await app.sessions.signOut(request, reply);
    return { detail: 'Successfully logged out.' };
  });
};
