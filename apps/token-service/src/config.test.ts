import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadTokenServiceConfig } from './config.ts';

const required = {
  TOKEN_DATABASE_URL: 'postgres://tessera@127.0.0.1:5433/tessera',
  REDIS_URL: 'redis://127.0.0.1:6380',
  KAFKA_BROKERS: '127.0.0.1:9092',
  TESSERA_SERVICE_SECRET: 's'.repeat(32),
};

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
