import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody, NoQuery } from '@tessera/http';
import type { Pool } from '@tessera/postgres';
import type { TokenServiceClient } from '@tessera/token-service-client';
import { adminOnly } from '../auth/admin-only.ts';
import { activityOf, TokenActivity, type ActivityRow } from './token-activity.routes.ts';
import { auditLogPage, AuditLogQuery, AuditLogPage } from './audit-log.query.ts';

const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 503: ErrorBody };
const id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });

/** What ops ask of the projections: a credential's activity, a user's, the audit log, and the stale tokens. */
export const opsRoutes: FastifyPluginAsyncTypebox<{ pool: Pool; tokenService: TokenServiceClient }> = async (app, { pool, tokenService }) => {
  app.addHook('onRequest', adminOnly(tokenService));

  app.get(
    '/api/v1/activity/tokens/:token_id',
    { schema: { params: Type.Object({ token_id: id }), querystring: NoQuery, response: { 200: TokenActivity, ...refusals } } },
    async (request, reply) => {
      const { rows } = await pool.query<ActivityRow>('select * from token_activity where token_id = $1', [request.params.token_id]);
      if (!rows[0]) return reply.code(404).send({ code: 'object_not_found', message: `No activity of ${request.params.token_id}: never issued, or not yet projected.` });
      return activityOf(rows[0]);
    },
  );

  app.get(
    '/api/v1/activity/users/:user_id',
    { schema: { params: Type.Object({ user_id: id }), querystring: NoQuery, response: { 200: Type.Object({ tokens: Type.Array(TokenActivity) }), ...refusals } } },
    async (request) => {
      const { rows } = await pool.query<ActivityRow>('select * from token_activity where user_id = $1 order by issued_at desc nulls last, token_id', [request.params.user_id]);
      return { tokens: rows.map(activityOf) };
    },
  );

  app.get('/api/v1/audit-log', { schema: { querystring: AuditLogQuery, response: { 200: AuditLogPage, ...refusals } } }, (request) => auditLogPage(pool, request.query));

  app.get(
    '/api/v1/reports/stale-tokens',
    {
      schema: {
        querystring: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ days: Type.Integer(), tokens: Type.Array(TokenActivity) }), ...refusals },
      },
    },
    async (request) => {
      // Active: neither revoked nor expired. Stale: not used for `days`, or never.
      const { rows } = await pool.query<ActivityRow>(
        `select * from token_activity
         where revoked_at is null and expired_at is null and (expires_at is null or expires_at > now())
           and (last_used_at is null or last_used_at < now() - make_interval(days => $1))
         order by last_used_at nulls first, issued_at limit 1000`,
        [request.query.days],
      );
      return { days: request.query.days, tokens: rows.map(activityOf) };
    },
  );
};
