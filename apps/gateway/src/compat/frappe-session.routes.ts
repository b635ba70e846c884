import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Text } from '@tessera/http';
import { ErrorBody } from '../errors.ts';
import type { LoginDependencies } from '../auth/attempt-login.ts';
import { tooManyFailedLogins } from '@tessera/domain';
import { asFrappeRefusal, frappeRefusal, frappeRefusalResponses } from './frappe.protocol.ts';

// Frappe hands a method the arguments it takes and drops the rest (a `cmd`, a jQuery `_`).
const Credentials = { usr: Text({ minLength: 1, maxLength: 254, description: 'A username or an email' }), pwd: Text({ minLength: 1, maxLength: 1024 }) };
const LoginArguments = Type.Object(Credentials, { additionalProperties: true });
const RootArguments = Type.Object(
  {
    cmd: Type.Optional(Type.Union([Type.Literal('login'), Type.Literal('logout')], { description: "Frappe's older entry point: frappe-client posts cmd=login here" })),
    usr: Type.Optional(Credentials.usr),
    pwd: Type.Optional(Credentials.pwd),
  },
  { additionalProperties: true },
);
const LogoutArguments = Type.Object({ cmd: Type.Optional(Type.Literal('logout')) }, { additionalProperties: true });
const LoggedIn = Type.Object({ message: Type.Literal('Logged In'), home_page: Type.String(), full_name: Type.String() });
const LoggedOut = Type.Object({}, { description: 'Frappe answers a logout with an empty object' });

/**
 * Frappe's session login and logout, for its clients given a username and password instead of keys: the same
 * session as the console's (a browser login, the same throttle and lockout), whose cookie then authenticates
 * Frappe's methods. As in Frappe, such a session is held to the CSRF token only once it has asked for it (ADR 12).
 */
export const frappeSessionRoutes: FastifyPluginAsyncTypebox<LoginDependencies> = async (app, logins) => {
  app.addHook('preSerialization', asFrappeRefusal);
  const loginResponses = { 200: LoggedIn, ...frappeRefusalResponses, 503: ErrorBody };

  const logIn = async (request: FastifyRequest, reply: FastifyReply, usr: string, pwd: string) => {
    const crossSite = app.sessions.originRefusal(request);
    if (crossSite) return reply.code(403).send(frappeRefusal('PermissionError', { code: 'csrf_failed', message: crossSite }));
    const outcome = await app.sessions.signIn(request, reply, { login: usr, password: pwd, issueCsrf: false });
    if (outcome.kind === 'locked') return reply.code(401).send(frappeRefusal('AuthenticationError', tooManyFailedLogins));
    if (outcome.kind === 'refused') return reply.code(401).send(frappeRefusal('AuthenticationError', { code: 'authentication_failed', message: 'Invalid login credentials' }));
    const { first_name, last_name } = outcome.response.user!;
    return { message: 'Logged In' as const, home_page: '/console', full_name: `${first_name} ${last_name}`.trim() };
  };
  const logOut = async (request: FastifyRequest, reply: FastifyReply) => {
    await app.sessions.signOut(request, reply);
    return {};
  };

  for (const url of ['/api/method/login', '/api/method/login/']) {
    app.post(url, { config: { rateLimit: logins.rateLimit }, schema: { description: "Frappe's session login: sets the session cookie.", body: LoginArguments, response: loginResponses } }, (request, reply) =>
      logIn(request, reply, request.body.usr, request.body.pwd),
    );
  }
  for (const url of ['/api/method/logout', '/api/method/logout/']) {
    app.route({ method: ['GET', 'POST'], url, schema: { description: "Frappe's logout: ends the request's session.", querystring: LogoutArguments, response: { 200: LoggedOut, 503: ErrorBody } }, handler: logOut });
  }
  app.post('/', { config: { rateLimit: logins.rateLimit }, schema: { description: "Frappe's root entry point, cmd=login or cmd=logout.", body: RootArguments, response: { ...loginResponses, 200: Type.Union([LoggedIn, LoggedOut]), 404: ErrorBody } } }, async (request, reply) => {
    const { cmd, usr, pwd } = request.body;
    // The root is Frappe's only with a cmd; without one it is no route, as before these routes (so its 404 is ours).
    if (cmd === undefined) return reply.callNotFound();
    if (cmd === 'logout') return logOut(request, reply);
    if (usr === undefined || pwd === undefined) return reply.code(417).send(frappeRefusal('ValidationError', { code: 'validation_error', message: 'cmd=login needs usr and pwd' }));
    return logIn(request, reply, usr, pwd);
  });
  app.get('/', { schema: { description: "Frappe's root entry point: cmd=logout (a login's password never goes in a URL).", querystring: Type.Object({ cmd: Type.Optional(Type.Literal('logout')) }, { additionalProperties: true }), response: { 200: LoggedOut, ...frappeRefusalResponses, 404: ErrorBody, 503: ErrorBody } } }, (request, reply) =>
    request.query.cmd === undefined ? reply.callNotFound() : logOut(request, reply),
  );
};
