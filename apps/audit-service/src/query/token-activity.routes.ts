import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { secretCheck } from '@tessera/config';
import { CredentialIdSchema, serviceSecretHeader } from '@tessera/contracts';
import { ErrorBody } from '@tessera/http';
import type { AuditQueries } from './audit-queries.ts';
import { TokenActivity } from './token-activity.query.ts';

const ActivityQuery = Type.Object(
  { token_id: Type.Array(CredentialIdSchema, { minItems: 1, maxItems: 200, description: 'Repeat for several tokens' }) },
  { additionalProperties: false },
);

/**
 * Token activity by token id, for the gateway's token lists. A token never used has no use (null last_used_at). Callers prove they
 * are one of our services with the shared secret, as they do to the token service.
 */
export const tokenActivityRoutes: FastifyPluginAsyncTypebox<{ queries: Pick<AuditQueries, 'activityOfCredentials'>; serviceSecret: string }> = async (
  app,
  { queries, serviceSecret },
) => {
  const fromOurServices = secretCheck(serviceSecret);
  app.addHook('onRequest', async (request, reply) => {
    if (!fromOurServices(request.headers[serviceSecretHeader])) {
      return reply.code(401).send({ code: 'not_authenticated', message: `Send the service secret in ${serviceSecretHeader}.` });
    }
  });

  app.get(
    '/api/v1/activity/tokens',
    { schema: { querystring: ActivityQuery, response: { 200: Type.Object({ tokens: Type.Array(TokenActivity) }), 400: ErrorBody, 401: ErrorBody } } },
    async (request) => ({ tokens: await queries.activityOfCredentials(request.query.token_id) }),
  );
};
