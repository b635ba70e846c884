import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '@tessera/config';
import { loadTokenServiceConfig } from './config.ts';

const required = {
  TOKEN_DATABASE_URL: 'postgres://tessera@127.0.0.1:5433/tessera_token',
  REDIS_URL: 'redis://127.0.0.1:6380',
  KAFKA_BROKERS: '127.0.0.1:9092',
  TESSERA_SERVICE_SECRET: 'x'.repeat(32),
  VALIDATION_CACHE_HMAC_KEY: 'k'.repeat(32),
  // Clear text: what these tests look at is not the links.
  TESSERA_DEV_MODE: 'true',
};

describe('token service configuration: login lockout', () => {
  it('locks an address at QFieldCloud\'s 5 failures, the account at 4 times that, and fails closed without Redis', () => {
    assert.deepEqual(loadTokenServiceConfig(required).loginThrottle, { addressMaxFailures: 5, accountMaxFailures: 20, lockoutSeconds: 30 * 60, withoutRedis: 'refuse' });
  });

  it('follows a changed address limit with the account limit, unless that is set too', () => {
    assert.equal(loadTokenServiceConfig({ ...required, LOGIN_MAX_FAILURES: '10' }).loginThrottle.accountMaxFailures, 40);
    assert.equal(loadTokenServiceConfig({ ...required, LOGIN_ACCOUNT_MAX_FAILURES: '12' }).loginThrottle.accountMaxFailures, 12);
  });

  it('refuses an account limit that one address could reach alone, naming both settings', () => {
    assert.throws(
      () => loadTokenServiceConfig({ ...required, LOGIN_MAX_FAILURES: '8', LOGIN_ACCOUNT_MAX_FAILURES: '8' }),
      (error: unknown) => error instanceof ConfigError && /LOGIN_ACCOUNT_MAX_FAILURES \(8\).*LOGIN_MAX_FAILURES \(8\)/.test(error.message),
    );
  });

  it('takes only refuse or allow for the behaviour without Redis', () => {
    assert.equal(loadTokenServiceConfig({ ...required, LOGIN_THROTTLE_WITHOUT_REDIS: 'allow' }).loginThrottle.withoutRedis, 'allow');
    assert.throws(() => loadTokenServiceConfig({ ...required, LOGIN_THROTTLE_WITHOUT_REDIS: 'off' }), /LOGIN_THROTTLE_WITHOUT_REDIS \(got "off"\): expected one of refuse, allow/);
  });
});

describe('token service configuration: lifetimes and admin keys', () => {
  it('caps every lifetime at a year, and forbids an admin keys for other admins, unless told otherwise', () => {
    const config = loadTokenServiceConfig(required);
    assert.equal(config.expiry.maxTtlHours, 8760);
    assert.equal(config.adminKeysForOtherAdmins, 'forbid');
  });
  it('takes a maximum lifetime and the explicit opt-in', () => {
    const config = loadTokenServiceConfig({ ...required, TOKEN_MAX_TTL_HOURS: '24', ADMIN_KEYS_FOR_OTHER_ADMINS: 'allow', TOKEN_TTL_HOURS_CLI: '168' });
    assert.deepEqual(config.expiry, { defaultTtlHours: 720, perClientTypeTtlHours: { cli: 168 }, maxTtlHours: 24 });
    assert.equal(config.adminKeysForOtherAdmins, 'allow');
  });
  it('refuses a value it does not know, naming the variable', () => {
    assert.throws(() => loadTokenServiceConfig({ ...required, ADMIN_KEYS_FOR_OTHER_ADMINS: 'yes' }), /ADMIN_KEYS_FOR_OTHER_ADMINS/);
    assert.throws(() => loadTokenServiceConfig({ ...required, TOKEN_MAX_TTL_HOURS: '0' }), /TOKEN_MAX_TTL_HOURS/);
  });
});
