import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { secretsMatch } from '@tessera/config';
import { ErrorBody } from '@tessera/http';
import type { Pool } from '@tessera/postgres';

const tokenId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
const ActivityQuery = Type.Object(
  { token_id: Type.Array(tokenId, { minItems: 1, maxItems: 200, description: 'Repeat for several tokens' }) },
  { additionalProperties: false },
);
const TokenActivity = Type.Object({
  token_id: Type.String(),
  user_id: Type.String(),
  credential: Type.String(),
  client_type: Type.String(),
  use_count: Type.Integer(),
  first_used_at: Type.String({ format: 'date-time' }),
  last_used_at: Type.String({ format: 'date-time' }),
  last_ip: Type.String(),
  last_user_agent: Type.String(),
});

interface ActivityRow {
  token_id: string;
  user_id: string;
  credential: string;
  client_type: string;
  use_count: string;
  first_used_at: Date;
  last_used_at: Date;
  last_ip: string;
  last_user_agent: string;
}

/**
 * Token activity by token id, for the gateway's token lists. A token never used has no entry. Callers prove they
 * are one of our services with the shared secret, as they do to the token service.
 */
export const tokenActivityRoutes: FastifyPluginAsyncTypebox<{ pool: Pool; serviceSecret: string }> = async (app, { pool, serviceSecret }) => {
  app.addHook('onRequest', async (request, reply) => {
    if (!secretsMatch(request.headers['x-tessera-service-secret'], serviceSecret)) {
      return reply.code(401).send({ code: 'not_authenticated', message: 'Send the service secret in x-tessera-service-secret.' });
    }
  });

  app.get(
    '/api/v1/activity/tokens',
    { schema: { querystring: ActivityQuery, response: { 200: Type.Object({ tokens: Type.Array(TokenActivity) }), 400: ErrorBody, 401: ErrorBody } } },
    async (request) => {
      const { rows } = await pool.query<ActivityRow>('select * from token_activity where token_id = any($1)', [request.query.token_id]);
      return {
        tokens: rows.map((row) => ({
          ...row,
          use_count: Number(row.use_count),
          first_used_at: row.first_used_at.toISOString(),
          last_used_at: row.last_used_at.toISOString(),
        })),
      };
    },
  );
};
