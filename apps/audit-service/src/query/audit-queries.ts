import type { Static } from 'typebox';
import type { Pool } from '@tessera/postgres';
import { searchAuditLog, type AuditEvent, type AuditLogSearch } from './audit-log.query.ts';
import type { ConsumerLag } from './consumer-lag.query.ts';
import { failedLogins, type FailedLogins, type FailedLoginsQuery } from './failed-logins.query.ts';
import { summary, type Summary, type SummaryQuery } from './summary.query.ts';
import { activityOfCredentials, activityOfUser, expiringCredentials, staleCredentials, type TokenActivity } from './token-activity.query.ts';

type Activity = Static<typeof TokenActivity>;

/**
 * Everything the query API asks of the projections, as the routes see it: the routes take it as a dependency, so they
 * are tested with a fake of it and the SQL is tested against PostgreSQL.
 */
export interface AuditQueries {
  searchAuditLog(search: AuditLogSearch): Promise<Array<Static<typeof AuditEvent>>>;
  activityOfCredentials(tokenIds: readonly string[]): Promise<Activity[]>;
  activityOfUser(userId: string): Promise<Activity[]>;
  staleCredentials(days: number): Promise<Activity[]>;
  expiringCredentials(days: number): Promise<Activity[]>;
  failedLogins(query: Static<typeof FailedLoginsQuery>): Promise<Static<typeof FailedLogins>>;
  summary(query: Static<typeof SummaryQuery>): Promise<Static<typeof Summary>>;
  /** Throws KafkaUnavailable while Kafka does not answer. */
  consumerLag(): Promise<Static<typeof ConsumerLag>>;
}

export function auditQueries(pool: Pool, consumerLag: () => Promise<Static<typeof ConsumerLag>>): AuditQueries {
  return {
    searchAuditLog: (search) => searchAuditLog(pool, search),
    activityOfCredentials: (tokenIds) => activityOfCredentials(pool, tokenIds),
    activityOfUser: (userId) => activityOfUser(pool, userId),
    staleCredentials: (days) => staleCredentials(pool, days),
    expiringCredentials: (days) => expiringCredentials(pool, days),
    failedLogins: (query) => failedLogins(pool, query),
    summary: (query) => summary(pool, query),
    consumerLag,
  };
}
