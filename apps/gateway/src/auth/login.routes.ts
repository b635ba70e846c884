import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Text } from '@tessera/http';
import { endClient } from './authenticate.ts';
import { ErrorBody, NoQuery } from '../errors.ts';
import { attemptLogin, loginRefusal, type LoginDependencies } from './attempt-login.ts';

// A username or an email names the account; with both, the username does.
export const LoginBody = Type.Object(
  {
    username: Type.Optional(Text({ minLength: 1, maxLength: 254 })),
    email: Type.Optional(Text({ minLength: 1, maxLength: 254 })),
    password: Text({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false, anyOf: [{ required: ['username'] }, { required: ['email'] }] },
);

const LoginResult = Type.Object({
  token: Type.String(),
  expires_at: Type.String(),
  username: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  full_name: Type.String(),
});

/** QFieldCloud's login and its alias. A stale Authorization header sent along is ignored: it must not spoil a login. */
export const loginRoutes: FastifyPluginAsyncTypebox<LoginDependencies> = async (app, dependencies) => {
  for (const url of ['/api/v1/auth/login/', '/api/v1/auth/token/']) {
    app.post(url, { config: { rateLimit: dependencies.rateLimit }, schema: { querystring: NoQuery, body: LoginBody, response: { 200: LoginResult, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody, 503: ErrorBody } } }, async (request, reply) => {
      const login = (request.body.username ?? request.body.email)!;
      const outcome = await attemptLogin(dependencies, { login, password: request.body.password, ...endClient(request) });
      if (outcome.kind !== 'logged_in') return reply.code(401).header('www-authenticate', 'Token').send(loginRefusal(outcome));
      const { user, token } = outcome.response;
      return {
        token: token!.token,
        expires_at: token!.expires_at,
        username: user!.username,
        email: user!.email,
        first_name: user!.first_name,
        last_name: user!.last_name,
        full_name: `${user!.first_name} ${user!.last_name}`.trim(),
      };
    });
  }
};
