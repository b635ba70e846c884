import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import type { Token__Output, User__Output, ValidateResponse__Output, VerdictCode__Output } from '@tessera/contracts';
import { TokenServiceUnavailable, type TokenServiceClient } from '@tessera/token-service-client';

type Method = Exclude<keyof TokenServiceClient, 'close'>;
export type Answers = Partial<Pick<TokenServiceClient, Method>>;

export interface FakeTokenService extends TokenServiceClient {
  /** From now on, give these answers and refuse every other call; forget the calls made so far. */
  answer(answers: Answers): void;
  /** Every call the gateway made since the last `answer`, in order, with what it passed. */
  readonly calls: Array<{ method: Method; args: unknown[] }>;
}

/**
 * For in-process tests: a token-service client that gives the answers the test wrote, and refuses any call the test
 * did not expect (the route then fails with a 500, which the test's expected status names). One gateway is built per
 * file, as building one costs far more than a test: each test sets its own answers first.
 */
export function fakeTokenService(): FakeTokenService {
  const calls: FakeTokenService['calls'] = [];
  let answers: Answers = {};
  const answer = <M extends Method>(method: M) =>
    ((...args: unknown[]) => {
      calls.push({ method, args });
      const given = answers[method] as ((...given: unknown[]) => unknown) | undefined;
      return given ? given(...args) : Promise.reject(new Error(`the test expected no ${method} call`));
    }) as TokenServiceClient[M];
  return {
    answer(given) {
      answers = given;
      calls.length = 0;
    },
    calls,
    login: answer('login'),
    validate: answer('validate'),
    recordUses: answer('recordUses'),
    logout: answer('logout'),
    issueToken: answer('issueToken'),
    listTokens: answer('listTokens'),
    revokeToken: answer('revokeToken'),
    revokeAllTokens: answer('revokeAllTokens'),
    createUser: answer('createUser'),
    getUser: answer('getUser'),
    deactivateUser: answer('deactivateUser'),
    reactivateUser: answer('reactivateUser'),
    getLoginLockout: answer('getLoginLockout'),
    liftLoginLockout: answer('liftLoginLockout'),
    generateApiKey: answer('generateApiKey'),
    checkServing: answer('checkServing'),
    close: () => undefined,
  };
}

/** A refusal as @grpc/grpc-js delivers one: a status, its details, and the token service's own code if it sent one. */
export function grpcRefusal(code: status, details: string, domainCode?: string): ServiceError {
  const metadata = new Metadata();
  if (domainCode !== undefined) metadata.set('tessera-error-code', domainCode);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

/** What the real client throws when the token service cannot be reached. */
export const tokenServiceAway = () => new TokenServiceUnavailable(grpcRefusal(status.UNAVAILABLE, 'No connection established'));

export const alice: User__Output = {
  id: 'usr_alice',
  username: 'alice',
  email: 'alice@example.org',
  first_name: 'Alice',
  last_name: 'Liddell',
  roles: ['user'],
  active: true,
};

export const aliceToken: Token__Output = {
  id: 'tok_alice1',
  user_id: 'usr_alice',
  client_type: 'cli',
  user_agent: 'tessera-test',
  note: 'laptop',
  masked: 'tst_abcd…',
  created_at: '2026-01-02T03:04:05.000Z',
  expires_at: '2099-01-02T03:04:05.000Z',
  valid: true,
  invalid_reason: '',
  invalid_date: '',
  policy: '',
};

/** Validate's answer for a credential that checks out, of `alice` unless told otherwise. */
export const validVerdict = (token: Partial<Token__Output> = {}, user: Partial<User__Output> = {}): ValidateResponse__Output => ({
  valid: true,
  code: 'VALID',
  user: { ...alice, ...user },
  token: { ...aliceToken, ...token },
  policy: token.policy ?? '',
});

/** Validate's answer for a credential that does not check out; found ones come with their user and token. */
export const refusedVerdict = (code: Exclude<VerdictCode__Output, 'VALID'>): ValidateResponse__Output => {
  const found = code === 'EXPIRED' || code === 'REVOKED' || code === 'USER_INACTIVE';
  return { valid: false, code, user: found ? alice : null, token: found ? { ...aliceToken, valid: false } : null, policy: '' };
};
