import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { infrastructureFromEnv, resolveInfrastructure } from './infrastructure.ts';
import { parseEnvExports } from './infrastructure-local.ts';

const complete = {
  TESSERA_PG_ADMIN_URL: 'postgres://tessera:tessera@127.0.0.1:5433/postgres',
  REDIS_URL: 'redis://127.0.0.1:6380',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
};

describe('infrastructureFromEnv', () => {
  it('reads the three variables and splits the broker list', () => {
    assert.deepEqual(infrastructureFromEnv(complete), {
      pgAdminUrl: complete.TESSERA_PG_ADMIN_URL,
      redisUrl: complete.REDIS_URL,
      kafkaBrokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
    });
  });

  it('is undefined unless all three are set', () => {
    assert.equal(infrastructureFromEnv({ ...complete, REDIS_URL: '' }), undefined);
    assert.equal(infrastructureFromEnv({ TESSERA_PG_ADMIN_URL: complete.TESSERA_PG_ADMIN_URL }), undefined);
  });
});

describe('resolveInfrastructure', () => {
  it('prefers the environment and passes on only the three variables', async () => {
    const resolved = await resolveInfrastructure(() => assert.fail('nothing to report'), { ...complete, UNRELATED: 'x' });
    assert.equal(resolved.source, 'environment');
    assert.deepEqual(resolved.env, complete);
    assert.deepEqual(resolved.infrastructure.kafkaBrokers, ['127.0.0.1:9092', '127.0.0.1:9093']);
  });
});

describe('parseEnvExports', () => {
  it('reads export lines, unquoting values, and ignores everything else', () => {
    const text = [
      '# local infrastructure',
      'export TESSERA_PG_ADMIN_URL=postgres://tessera:tessera@127.0.0.1:5433/postgres',
      "export REDIS_URL='redis://127.0.0.1:6380'",
      'export KAFKA_BROKERS="127.0.0.1:9092"  ',
      'echo not an export',
    ].join('\n');
    assert.deepEqual(parseEnvExports(text), {
      TESSERA_PG_ADMIN_URL: 'postgres://tessera:tessera@127.0.0.1:5433/postgres',
      REDIS_URL: 'redis://127.0.0.1:6380',
      KAFKA_BROKERS: '127.0.0.1:9092',
    });
  });
});
