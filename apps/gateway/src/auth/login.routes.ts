import { status, type ServiceError } from '@grpc/grpc-js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { endClient } from './authenticate.ts';
import type { TokenServiceClient } from '../token-service/token-service.client.ts';
import { ErrorBody } from '../errors.ts';

const LoginBody = Type.Object(
  {
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
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
export const loginRoutes: FastifyPluginAsyncTypebox<{ tokenService: TokenServiceClient }> = async (app, { tokenService }) => {
  for (const url of ['/api/v1/auth/login/', '/api/v1/auth/token/']) {
    app.post(url, { schema: { body: LoginBody, response: { 200: LoginResult, 400: ErrorBody, 401: ErrorBody, 503: ErrorBody } } }, async (request, reply) => {
      const login = request.body.username ?? request.body.email;
      if (!login) return reply.code(400).send({ code: 'validation_error', message: 'Send a username or an email, and a password.' });
      try {
        const { user, token } = await tokenService.login({ login, password: request.body.password, ...endClient(request) });
        return {
          token: token!.token,
          expires_at: token!.expires_at,
          username: user!.username,
          email: user!.email,
          first_name: user!.first_name,
          last_name: user!.last_name,
          full_name: `${user!.first_name} ${user!.last_name}`.trim(),
        };
      } catch (error) {
        if ((error as ServiceError).code === status.UNAUTHENTICATED) {
          return reply
            .code(401)
            .header('www-authenticate', 'Token')
            .send({ code: 'authentication_failed', message: 'Unable to log in with provided credentials.' });
        }
        throw error;
      }
    });
  }
};
