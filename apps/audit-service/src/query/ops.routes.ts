import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CredentialIdSchema, UserIdSchema, Vocabulary, vocabulary } from '@tessera/contracts';
import { ErrorBody, NoQuery } from '@tessera/http';
import type { TokenServiceClient } from '@tessera/token-service-client';
import { adminOnly } from '../auth/admin-only.ts';
import type { AuditQueries } from './audit-queries.ts';
import { auditLogPage, AuditLogPage, AuditLogQuery } from './audit-log.page.ts';
import { ConsumerLag, KafkaUnavailable } from './consumer-lag.query.ts';
import { FailedLogins, FailedLoginsQuery } from './failed-logins.query.ts';
import { Summary, SummaryQuery } from './summary.query.ts';
import { TokenActivity } from './token-activity.query.ts';

const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 503: ErrorBody };

const days = (fallback: number, description: string) =>
  Type.Object({ days: Type.Integer({ minimum: 1, maximum: 3650, default: fallback, description }) }, { additionalProperties: false });

interface OpsOptions {
  queries: AuditQueries;
  tokenService: Pick<TokenServiceClient, 'validate'>;
}

/**
 * What ops ask of the projections: a credential's activity, a user's, the audit log, stale and soon-expiring
 * credentials, failed logins by address and user, the headline numbers over time, and how far the projections
 * trail the topics.
 */
export const opsRoutes: FastifyPluginAsyncTypebox<OpsOptions> = async (app, { queries, tokenService }) => {
  app.addHook('onRequest', adminOnly(tokenService));

  app.get(
    '/api/v1/activity/tokens/:token_id',
    { schema: { params: Type.Object({ token_id: CredentialIdSchema }), querystring: NoQuery, response: { 200: TokenActivity, ...refusals } } },
    async (request, reply) => {
      const [activity] = await queries.activityOfCredentials([request.params.token_id]);
      if (!activity) return reply.code(404).send({ code: 'object_not_found', message: `No activity of ${request.params.token_id}: never issued, or not yet projected.` });
      return activity;
    },
  );

  app.get(
    '/api/v1/activity/users/:user_id',
    { schema: { params: Type.Object({ user_id: UserIdSchema }), querystring: NoQuery, response: { 200: Type.Object({ tokens: Type.Array(TokenActivity) }), ...refusals } } },
    async (request) => ({ tokens: await queries.activityOfUser(request.params.user_id) }),
  );

  app.get('/api/v1/audit-log', { schema: { querystring: AuditLogQuery, response: { 200: AuditLogPage, ...refusals } } }, (request) => auditLogPage(request.query, queries.searchAuditLog));

  // The dashboard's filters offer these: served from the one source, so the page keeps no list of its own to drift.
  app.get('/api/v1/vocabulary', { schema: { querystring: NoQuery, response: { 200: Vocabulary, ...refusals } } }, () => vocabulary);

  app.get(
    '/api/v1/reports/stale-tokens',
    { schema: { querystring: days(30, 'Not used for this many days, or never'), response: { 200: Report, ...refusals } } },
    async (request) => ({ days: request.query.days, tokens: await queries.staleCredentials(request.query.days) }),
  );

  app.get(
    '/api/v1/reports/expiring-tokens',
    { schema: { querystring: days(7, 'Expiring within this many days'), response: { 200: Report, ...refusals } } },
    async (request) => ({ days: request.query.days, tokens: await queries.expiringCredentials(request.query.days) }),
  );

  app.get('/api/v1/reports/failed-logins', { schema: { querystring: FailedLoginsQuery, response: { 200: FailedLogins, ...refusals } } }, (request) =>
    queries.failedLogins(request.query),
  );

  app.get('/api/v1/stats/summary', { schema: { querystring: SummaryQuery, response: { 200: Summary, ...refusals } } }, (request) => queries.summary(request.query));

  app.get('/api/v1/consumer/lag', { schema: { querystring: NoQuery, response: { 200: ConsumerLag, ...refusals } } }, async (request, reply) => {
    try {
      return await queries.consumerLag();
    } catch (error) {
      if (!(error instanceof KafkaUnavailable)) throw error;
      request.log.warn({ err: error }, 'consumer lag unknown');
      return reply.code(503).header('retry-after', '5').send({ code: 'service_unavailable', message: `${error.message}: the lag is unknown for now. Retry shortly.` });
    }
  });
};

/** A report of credentials over a number of days; the dashboard reads it too. */
export const Report = Type.Object({ days: Type.Integer(), tokens: Type.Array(TokenActivity) });
