import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpServer } from '@tessera/http';
import type { ConsumerStatus } from '@tessera/messaging';
import { consumerProblem, consumerReadiness } from './consumer-readiness.ts';

const now = 1_800_000_000_000;
const stalledAfterMs = 30_000;
const consuming: ConsumerStatus = { state: 'consuming', rejoiningSince: undefined, lastContactAt: now - 1_000, handlingSince: undefined };

describe('readiness reflects the consumer', () => {
  it('is ready while a member of its group that a broker answered within the limit, between batches or in one', () => {
    assert.equal(consumerProblem(consuming, now, stalledAfterMs), undefined);
    assert.equal(consumerProblem({ ...consuming, handlingSince: now - 30_000, lastContactAt: now - 30_000 }, now, stalledAfterMs), undefined);
  });

  it('is not ready before it first joins its group, or once it stopped', () => {
    assert.equal(consumerProblem({ ...consuming, state: 'joining' }, now, stalledAfterMs), 'the consumer is joining, not consuming');
    assert.equal(consumerProblem({ ...consuming, state: 'stopped' }, now, stalledAfterMs), 'the consumer is stopped, not consuming');
  });

  it('stays ready while it rejoins after a rebalance, up to the limit, so that a rolling deploy leaves instances ready', () => {
    const rejoining = { ...consuming, state: 'joining' as const, lastContactAt: now - 40_000 };
    assert.equal(consumerProblem({ ...rejoining, rejoiningSince: now - 30_000 }, now, stalledAfterMs), undefined);
    assert.equal(consumerProblem({ ...rejoining, rejoiningSince: now - 30_001 }, now, stalledAfterMs), 'the consumer has been rejoining its group for 30001 ms');
  });

  it('is not ready while one batch has been in hand longer than the limit: the partitions behind it stand still', () => {
    assert.equal(consumerProblem({ ...consuming, handlingSince: now - 30_001 }, now, stalledAfterMs), 'a batch has been in hand for 30001 ms');
  });

  it('is not ready before any broker answered, or once none has for longer than the limit', () => {
    assert.equal(consumerProblem({ ...consuming, lastContactAt: undefined }, now, stalledAfterMs), 'no broker has answered the consumer yet');
    assert.equal(consumerProblem({ ...consuming, lastContactAt: now - 45_000 }, now, stalledAfterMs), 'no broker has answered the consumer for 45000 ms');
  });

  it('answers /readyz 503 naming the consumer, and ready again once it consumes', async () => {
    let status: ConsumerStatus = { state: 'joining', rejoiningSince: undefined, lastContactAt: undefined, handlingSince: undefined };
    const app = createHttpServer({ service: 'audit-service', readiness: [{ name: 'postgres', check: async () => undefined }, consumerReadiness(() => status, stalledAfterMs)] });
    try {
      const ready = async () => {
        const response = await app.inject('/readyz');
        return [response.statusCode, response.json()];
      };
      assert.deepEqual(await ready(), [503, { status: 'not_ready', checks: { postgres: 'ok', consumer: 'unavailable' } }]);
      status = { state: 'consuming', rejoiningSince: undefined, lastContactAt: Date.now(), handlingSince: undefined };
      assert.deepEqual(await ready(), [200, { status: 'ready', checks: { postgres: 'ok', consumer: 'ok' } }]);
    } finally {
      await app.close();
    }
  });
});
