import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { ErrorBody, NoQuery } from '@tessera/http';
import type { Pool } from '@tessera/postgres';
import type { TokenServiceClient } from '@tessera/token-service-client';
import { adminOnly } from '../auth/admin-only.ts';
import { activeCredential, activityOf, Id, TokenActivity, type ActivityRow } from './token-activity.routes.ts';
import { auditLogPage, AuditLogQuery, AuditLogPage } from './audit-log.query.ts';
import { ConsumerLag, KafkaUnavailable } from './consumer-lag.query.ts';
import { failedLogins, FailedLogins, FailedLoginsQuery } from './failed-logins.query.ts';
import { summary, Summary, SummaryQuery } from './summary.query.ts';

const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 503: ErrorBody };

const days = (fallback: number, description: string) =>
  Type.Object({ days: Type.Integer({ minimum: 1, maximum: 3650, default: fallback, description }) }, { additionalProperties: false });

interface OpsOptions {
  pool: Pool;
  tokenService: TokenServiceClient;
  consumerLag: () => Promise<Static<typeof ConsumerLag>>;
}

/**
 * What ops ask of the projections: a credential's activity, a user's, the audit log, stale and soon-expiring
 * credentials, failed logins by address and user, the headline numbers over time, and how far the projections
 * trail the topics.
 */
export const opsRoutes: FastifyPluginAsyncTypebox<OpsOptions> = async (app, { pool, tokenService, consumerLag }) => {
  app.addHook('onRequest', adminOnly(tokenService));

  app.get(
    '/api/v1/activity/tokens/:token_id',
    { schema: { params: Type.Object({ token_id: Id }), querystring: NoQuery, response: { 200: TokenActivity, ...refusals } } },
    async (request, reply) => {
      const { rows } = await pool.query<ActivityRow>('select * from token_activity where token_id = $1', [request.params.token_id]);
      if (!rows[0]) return reply.code(404).send({ code: 'object_not_found', message: `No activity of ${request.params.token_id}: never issued, or not yet projected.` });
      return activityOf(rows[0]);
    },
  );

  app.get(
    '/api/v1/activity/users/:user_id',
    { schema: { params: Type.Object({ user_id: Id }), querystring: NoQuery, response: { 200: Type.Object({ tokens: Type.Array(TokenActivity) }), ...refusals } } },
    async (request) => {
      const { rows } = await pool.query<ActivityRow>('select * from token_activity where user_id = $1 order by issued_at desc nulls last, token_id', [request.params.user_id]);
      return { tokens: rows.map(activityOf) };
    },
  );

  app.get('/api/v1/audit-log', { schema: { querystring: AuditLogQuery, response: { 200: AuditLogPage, ...refusals } } }, (request) => auditLogPage(pool, request.query));

  app.get(
    '/api/v1/reports/stale-tokens',
    { schema: { querystring: days(30, 'Not used for this many days, or never'), response: { 200: Report, ...refusals } } },
    async (request) => {
      const { rows } = await pool.query<ActivityRow>(
        `select * from token_activity where ${activeCredential} and (last_used_at is null or last_used_at < now() - make_interval(days => $1))
         order by last_used_at nulls first, issued_at limit 1000`,
        [request.query.days],
      );
      return { days: request.query.days, tokens: rows.map(activityOf) };
    },
  );

  app.get(
    '/api/v1/reports/expiring-tokens',
    { schema: { querystring: days(7, 'Expiring within this many days'), response: { 200: Report, ...refusals } } },
    async (request) => {
      const { rows } = await pool.query<ActivityRow>(
        `select * from token_activity where ${activeCredential} and expires_at <= now() + make_interval(days => $1) order by expires_at limit 1000`,
        [request.query.days],
      );
      return { days: request.query.days, tokens: rows.map(activityOf) };
    },
  );

  app.get('/api/v1/reports/failed-logins', { schema: { querystring: FailedLoginsQuery, response: { 200: FailedLogins, ...refusals } } }, (request) =>
    failedLogins(pool, request.query),
  );

  app.get('/api/v1/stats/summary', { schema: { querystring: SummaryQuery, response: { 200: Summary, ...refusals } } }, (request) => summary(pool, request.query));

  app.get('/api/v1/consumer/lag', { schema: { querystring: NoQuery, response: { 200: ConsumerLag, ...refusals } } }, async (request, reply) => {
    try {
      return await consumerLag();
    } catch (error) {
      if (!(error instanceof KafkaUnavailable)) throw error;
      request.log.warn({ err: error }, 'consumer lag unknown');
      return reply.code(503).header('retry-after', '5').send({ code: 'service_unavailable', message: `${error.message}: the lag is unknown for now. Retry shortly.` });
    }
  });
};

const Report = Type.Object({ days: Type.Integer(), tokens: Type.Array(TokenActivity) });
