import { status, type ServiceError } from '@grpc/grpc-js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody } from '../errors.ts';
import type { TokenServiceClient } from '../token-service/token-service.client.ts';

const CurrentUser = Type.Object({ pk: Type.String(), username: Type.String(), email: Type.String(), first_name: Type.String(), last_name: Type.String() });
const LoggedOut = Type.Object({ detail: Type.String() });
const refusals = { 401: ErrorBody, 403: ErrorBody, 503: ErrorBody };

/** QFieldCloud's current user and logout (POST, and GET as its clients also send). Both need a valid credential. */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ tokenService: TokenServiceClient }> = async (app, { tokenService }) => {
  app.get('/api/v1/auth/user/', { preHandler: app.authenticate, schema: { response: { 200: CurrentUser, ...refusals } } }, async (request) => {
    const { user } = request.identity!;
    return { pk: user.id, username: user.username, email: user.email, first_name: user.first_name, last_name: user.last_name };
  });

  app.route({
    method: ['POST', 'GET'],
    url: '/api/v1/auth/logout/',
    preHandler: app.authenticate,
    schema: { response: { 200: LoggedOut, ...refusals } },
    handler: async (request, reply) => {
      const { bearer } = request.identity!;
      if (!bearer) {
        return reply.code(403).send({ code: 'permission_denied', message: 'An API key cannot log out; regenerate its secret to retire it.' });
      }
      try {
        await tokenService.logout(bearer, false, { userAgent: request.headers['user-agent'] ?? '', ip: request.ip });
      } catch (error) {
        // Expired or revoked between the check and the logout: the token is already as logged out as it gets.
        if ((error as ServiceError).code !== status.UNAUTHENTICATED) throw error;
      }
      return { detail: 'Successfully logged out.' };
    },
  });
};
