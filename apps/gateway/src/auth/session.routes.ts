import { status, type ServiceError } from '@grpc/grpc-js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { refusalResponses } from '../errors.ts';
import { onBehalfOf, onlyDeclaredInput } from './authenticate.ts';
import type { TokenServiceClient } from '@tessera/token-service-client';

const CurrentUser = Type.Object({ pk: Type.String(), username: Type.String(), email: Type.String(), first_name: Type.String(), last_name: Type.String() });
const LoggedOut = Type.Object({ detail: Type.String() });

/** QFieldCloud's current user and logout (POST, and GET as its clients also send). Both need a valid credential. */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ tokenService: TokenServiceClient }> = async (app, { tokenService }) => {
  onlyDeclaredInput(app);
  app.get('/api/v1/auth/user/', { config: { resource: 'account' }, schema: { response: { 200: CurrentUser, ...refusalResponses } } }, async (request) => {
    const { user } = request.identity!;
    return { pk: user.id, username: user.username, email: user.email, first_name: user.first_name, last_name: user.last_name };
  });

  app.route({
    method: ['POST', 'GET'],
    url: '/api/v1/auth/logout/',
    config: { resource: 'account' },
    schema: { response: { 200: LoggedOut, ...refusalResponses } },
    handler: async (request) => {
      try {
        await tokenService.logout(onBehalfOf(request), false);
      } catch (error) {
        // Expired or revoked between the check and the logout: the token is already as logged out as it gets.
        if ((error as ServiceError).code !== status.UNAUTHENTICATED) throw error;
      }
      return { detail: 'Successfully logged out.' };
    },
  });
};
