import type { ValidateResponse__Output } from '@tessera/contracts';
import { createHttpServer } from '@tessera/http';
import { tokenServiceUnavailable, type TokenServiceClient } from '@tessera/token-service-client';
import type { AuditQueries } from '../query/audit-queries.ts';

// Test fixtures of the query API's in-process tests: the service's HTTP server (its error handling, schemas and
// hooks) with fakes of the token service and of the queries, so each test names the rule it checks.

/** Every query refuses until a test gives it an answer: a route that asks what the test did not expect fails. */
export function fakeQueries(answers: Partial<AuditQueries> = {}): AuditQueries & { calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  const unexpected = (name: keyof AuditQueries) => async (argument?: unknown) => {
    calls.push([name, argument]);
    const answer = answers[name] as ((argument?: unknown) => Promise<unknown>) | undefined;
    if (!answer) throw new Error(`unexpected query ${name}`);
    return answer(argument);
  };
  const names: Array<keyof AuditQueries> = [
    'searchAuditLog', 'activityOfCredentials', 'activityOfUser', 'staleCredentials', 'expiringCredentials', 'failedLogins', 'summary', 'consumerLag',
  ];
  return Object.assign(Object.fromEntries(names.map((name) => [name, unexpected(name)])) as unknown as AuditQueries, { calls });
}

const user = (roles: string[]) => ({ id: 'usr_ops', username: 'ops', email: 'ops@example.com', first_name: '', last_name: '', roles, active: true });
const token = (policy: string) => ({
  id: 'tok_ops', user_id: 'usr_ops', client_type: 'cli', user_agent: 'cli|1', note: '', masked: 'tst_abcd***', created_at: '2026-01-01T00:00:00Z',
  expires_at: '', valid: true, invalid_reason: '', invalid_date: '', policy,
});
const valid = (roles: string[], policy = ''): ValidateResponse__Output => ({ valid: true, code: 'VALID', user: user(roles), token: token(policy), policy });
const refused = (code: ValidateResponse__Output['code']): ValidateResponse__Output => ({ valid: false, code, user: null, token: null, policy: '' });

/** The credentials the fake token service knows, by the token presented. */
export const credentials = {
  admin: valid(['admin']),
  user: valid(['user']),
  adminKeptFromAudit: valid(['admin'], JSON.stringify({ resources: { audit: { block: ['GET'] }, '*': { allow: ['*'] } } })),
  expired: refused('EXPIRED'),
};

/** Answers Validate from `credentials`; every other token is unknown. `away` makes it unreachable instead. */
export function fakeTokenService(away?: Error): Pick<TokenServiceClient, 'validate'> {
  return {
    async validate(credential) {
      if (away) throw away;
      return ('token' in credential && credentials[credential.token as keyof typeof credentials]) || refused('NOT_FOUND');
    },
  };
}

/** The audit service's HTTP server as main.ts makes it, without a port. */
export function queryApiServer() {
  return createHttpServer({ service: 'audit-service', logLevel: 'fatal', readiness: [], knownErrors: tokenServiceUnavailable });
}
