import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { bootstrapAdmin, refusal, testPassword, waitFor, type TokenServiceTestClient } from '@tessera/testing';
import { publishedMessages, tokenServiceFixture, type Published } from '../testing/token-service-fixture.ts';

const codeOf = (error: ServiceError) => [status[error.code], String(error.metadata.get('tessera-error-code')[0])];

describe('token service: the last active admin, oneself, and login lockouts', () => {
  const fixture = tokenServiceFixture('admin_guard', { env: { LOGIN_MAX_FAILURES: '5', LOGIN_ACCOUNT_MAX_FAILURES: '20', LOGIN_LOCKOUT_MINUTES: '30' } });
  let rpc: TokenServiceTestClient;
  let root: { id: string; token: string; tokenId: string };
  let published: Published[];
  let stopConsuming: () => Promise<void>;
  const password = testPassword('guarded');

  const login = async (name: string, secret: string, ip = '198.51.100.7') => {
    const answer = await rpc.call('AuthService', 'Login', { login: name, password: secret, client: { user_agent: 'cli|1', ip } });
    return { id: answer.user!.id, token: answer.token!.token, tokenId: answer.token!.id };
  };
  const createUser = async (username: string, roles: string[]) => {
    await rpc.call('UserService', 'CreateUser', { username, email: `${username}@example.com`, password, first_name: '', last_name: '', roles }, { token: root.token });
    return login(username, password);
  };
  const deactivate = (as: { token: string }, userId: string) => rpc.call('UserService', 'DeactivateUser', { user_id: userId, reason: 'test' }, { token: as.token });
  const reactivate = (userId: string) => rpc.call('UserService', 'ReactivateUser', { user_id: userId }, { token: root.token });
  const activeOf = async (userId: string) => (await rpc.call('UserService', 'GetUser', { user_id: userId, login: '' }, { token: root.token })).active;

  before(async () => {
    rpc = fixture.rpc;
    root = await login(bootstrapAdmin.username, bootstrapAdmin.password);
    ({ messages: published, disconnect: stopConsuming } = await publishedMessages(fixture.platform, ['events']));
  });
  after(async () => {
    await stopConsuming?.();
  });

  it('refuses the only active admin deactivating itself, saying what to do, and keeps it active', async () => {
    const refused = await refusal(deactivate(root, root.id));
    assert.deepEqual(codeOf(refused), ['FAILED_PRECONDITION', 'last_active_admin']);
    assert.match(refused.details, /create or reactivate another admin first/);
    assert.equal(await activeOf(root.id), true);
  });

  it('with two active admins, refuses an admin deactivating itself, and lets it deactivate the other', async () => {
    const second = await createUser('second-admin', ['admin']);
    assert.deepEqual(codeOf(await refusal(deactivate(second, second.id))), ['FAILED_PRECONDITION', 'cannot_deactivate_self']);
    assert.equal((await deactivate(root, second.id)).active, false);
    // With the other one inactive, the first is the last again.
    assert.deepEqual(codeOf(await refusal(deactivate(root, root.id))), ['FAILED_PRECONDITION', 'last_active_admin']);
    await reactivate(second.id);
  });

  it('two admins deactivating each other at once leave one of them active', async () => {
    // Only these two are active admins: the bootstrap admin steps aside for the race, and comes back after it.
    const [left, right] = [await createUser('left-admin', ['admin']), await createUser('right-admin', ['admin'])];
    const second = await login('second-admin', password);
    await deactivate(second, root.id);
    await deactivate(left, second.id);
    for (let round = 0; round < 3; round++) {
      const [a, b] = [await login('left-admin', password), await login('right-admin', password)];
      const outcomes = await Promise.allSettled([deactivate(a, right.id), deactivate(b, left.id)]);
      assert.equal(outcomes.filter(({ status: settled }) => settled === 'fulfilled').length, 1, `round ${round}: exactly one deactivation stands`);
      const refused = outcomes.find(({ status: settled }) => settled === 'rejected') as PromiseRejectedResult;
      // The loser was refused as the last admin, or, had the winner committed first, its own token was revoked.
      assert.ok(['FAILED_PRECONDITION', 'UNAUTHENTICATED'].includes(status[(refused.reason as ServiceError).code]!), String(refused.reason));
      const [winner, loser] = outcomes[0]!.status === 'fulfilled' ? [a, right] : [b, left];
      await rpc.call('UserService', 'ReactivateUser', { user_id: loser.id }, { token: winner.token });
    }
    const survivor = await login('left-admin', password);
    await rpc.call('UserService', 'ReactivateUser', { user_id: root.id }, { token: survivor.token });
    root = await login(bootstrapAdmin.username, bootstrapAdmin.password);
    assert.equal(await activeOf(root.id), true);
  });

  it("reads a user's lockout, lifts it, and records who lifted it", async () => {
    const user = await createUser('locked-out', ['user']);
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push(await refusal(login('locked-out', testPassword('wrong'), '203.0.113.50')));
    assert.ok(guesses.every(({ code }) => code === status.UNAUTHENTICATED));
    assert.deepEqual(codeOf(await refusal(login('locked-out', password, '203.0.113.50'))), ['UNAUTHENTICATED', 'too_many_failed_login_attempts']);

    const lockout = await rpc.call('UserService', 'GetLoginLockout', { login: 'LOCKED-OUT@example.com' }, { token: root.token });
    const { locked_until, ...counts } = lockout;
    assert.deepEqual(counts, { user_id: user.id, failures: 5, locked_everywhere: false, locked_addresses: 1 });
    const remaining = Date.parse(locked_until) - Date.now();
    assert.ok(remaining > 29 * 60_000 && remaining <= 30 * 60_000 + 5_000, `locked for about 30 minutes (${remaining} ms)`);

    const lifted = await rpc.call('UserService', 'LiftLoginLockout', { login: 'locked-out' }, { token: root.token });
    assert.equal(lifted.failures, 5, 'answers what was lifted');
    assert.deepEqual(await rpc.call('UserService', 'GetLoginLockout', { login: user.id }, { token: root.token }), {
      user_id: user.id, failures: 0, locked_everywhere: false, locked_addresses: 0, locked_until: '',
    });
    await login('locked-out', password, '203.0.113.50');
    // Nothing counted, nothing to lift: asking again records nothing.
    assert.equal((await rpc.call('UserService', 'LiftLoginLockout', { login: 'locked-out' }, { token: root.token })).failures, 0);
    await login('locked-out', password, '203.0.113.50');

    // One user's events keep their order: once its last login is out, a second lift would be too.
    const ofUser = (type: string) => published.filter(({ message }) => message.type === type && message.data['user_id'] === user.id).map(({ message }) => message.data);
    await waitFor(() => ofUser('LoginSucceeded').length === 3, { description: "the user's three logins to be published" });
    const lifts = ofUser('LoginLockoutLifted');
    assert.equal(lifts.length, 1);
    const { at, actor, ...data } = lifts[0]!;
    assert.deepEqual(data, { user_id: user.id, failures: 5 });
    assert.ok(typeof at === 'string' && Date.parse(at) <= Date.now());
    assert.deepEqual(actor, { user_id: root.id, credential: 'token', credential_id: root.tokenId }, 'names the admin and the token it lifted with');
  });

  it('answers lockouts to admins only, and NOT_FOUND for a name of nobody', async () => {
    const user = await login('locked-out', password);
    assert.equal((await refusal(rpc.call('UserService', 'GetLoginLockout', { login: 'locked-out' }, { token: user.token }))).code, status.PERMISSION_DENIED);
    assert.equal((await refusal(rpc.call('UserService', 'LiftLoginLockout', { login: bootstrapAdmin.username }, { token: user.token }))).code, status.PERMISSION_DENIED);
    assert.deepEqual(codeOf(await refusal(rpc.call('UserService', 'GetLoginLockout', { login: 'nobody-by-this-name' }, { token: root.token }))), ['NOT_FOUND', 'user_not_found']);
    assert.equal((await refusal(rpc.call('UserService', 'GetLoginLockout', { login: '' }, { token: root.token }))).code, status.INVALID_ARGUMENT);
  });
});
