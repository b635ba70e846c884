import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from 'typebox';
import { secretCheck } from '@tessera/config';
import { serviceSecretHeader } from '@tessera/contracts';
import { ErrorBody } from '@tessera/http';
import type { Pool } from '@tessera/postgres';

/** A user's, token's or API key's id: letters, digits, _ and -. Anything else (a NUL, which PostgreSQL refuses in text) names nothing. */
export const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
const ActivityQuery = Type.Object(
  { token_id: Type.Array(Id, { minItems: 1, maxItems: 200, description: 'Repeat for several tokens' }) },
  { additionalProperties: false },
);
const time = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const TokenActivity = Type.Object({
  token_id: Type.String(),
  user_id: Type.String(),
  credential: Type.String(),
  client_type: Type.String(),
  note: nullable(Type.String()),
  issued_at: nullable(time),
  expires_at: nullable(time),
  revoked_at: nullable(time),
  revoked_reason: nullable(Type.String()),
  use_count: Type.Integer(),
  first_used_at: nullable(time),
  last_used_at: nullable(time),
  last_ip: nullable(Type.String()),
  last_user_agent: nullable(Type.String()),
});

/** A credential that still opens doors: neither revoked nor expired. */
export const activeCredential = 'revoked_at is null and expired_at is null and (expires_at is null or expires_at > now())';

export type ActivityRow = Record<keyof Static<typeof TokenActivity>, unknown> & { use_count: string };

/** PostgreSQL's timestamps as ISO 8601, its bigint count as a number. */
export function activityOf(row: ActivityRow): Static<typeof TokenActivity> {
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
  return {
    ...(row as Static<typeof TokenActivity>),
    use_count: Number(row.use_count),
    issued_at: iso(row.issued_at),
    expires_at: iso(row.expires_at),
    revoked_at: iso(row.revoked_at),
    first_used_at: iso(row.first_used_at),
    last_used_at: iso(row.last_used_at),
  };
}

/**
 * Token activity by token id, for the gateway's token lists. A token never used has no use (null last_used_at). Callers prove they
 * are one of our services with the shared secret, as they do to the token service.
 */
export const tokenActivityRoutes: FastifyPluginAsyncTypebox<{ pool: Pool; serviceSecret: string }> = async (app, { pool, serviceSecret }) => {
  const fromOurServices = secretCheck(serviceSecret);
  app.addHook('onRequest', async (request, reply) => {
    if (!fromOurServices(request.headers[serviceSecretHeader])) {
      return reply.code(401).send({ code: 'not_authenticated', message: `Send the service secret in ${serviceSecretHeader}.` });
    }
  });

  app.get(
    '/api/v1/activity/tokens',
    { schema: { querystring: ActivityQuery, response: { 200: Type.Object({ tokens: Type.Array(TokenActivity) }), 400: ErrorBody, 401: ErrorBody } } },
    async (request) => {
      const { rows } = await pool.query<ActivityRow>('select * from token_activity where token_id = any($1)', [request.query.token_id]);
      return { tokens: rows.map(activityOf) };
    },
  );
};
