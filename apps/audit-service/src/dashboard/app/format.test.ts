import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoff, describeFailure, relativeSpan } from './format.ts';

describe('dashboard formatting', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it('says "just now" within ten seconds either way, then picks the largest unit that reads well', () => {
    assert.equal(relativeSpan(ago(9), now), undefined);
    assert.equal(relativeSpan(ago(-9), now), undefined);
    assert.deepEqual(relativeSpan(ago(10), now), { value: -10, unit: 'second' });
    assert.deepEqual(relativeSpan(ago(100), now), { value: -2, unit: 'minute' });
    assert.deepEqual(relativeSpan(ago(-5400), now), { value: 2, unit: 'hour' });
    assert.deepEqual(relativeSpan(ago(86400 * 44), now), { value: -44, unit: 'day' });
    assert.deepEqual(relativeSpan(ago(86400 * 45), now), { value: -1, unit: 'month' });
    assert.deepEqual(relativeSpan(ago(86400 * 365), now), { value: -12, unit: 'month' });
  });

  it('doubles the wait from the first to the most, the first failure waiting the first', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((failures) => backoff(failures, 1_000, 30_000)), [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    assert.equal(backoff(0, 5_000, 60_000), 5_000);
  });

  it('names what failed and how: no answer, a missing route, an unavailable one, any other refusal', () => {
    assert.equal(describeFailure('The lag', { status: 0, code: 'unreachable', message: 'network error' }), 'The lag: the audit service did not answer (network error).');
    assert.equal(describeFailure('The lag', { status: 404, code: 'not_found', message: 'No route' }), 'The lag is not available on this server: No route (404 not_found).');
    assert.equal(describeFailure('The lag', { status: 503, code: 'service_unavailable', message: 'Kafka is down' }), 'The lag is unavailable: Kafka is down (503 service_unavailable).');
    // `error` is the code a body without one is given: not worth repeating.
    assert.equal(describeFailure('The lag', { status: 500, code: 'error', message: 'HTTP 500' }), 'The lag failed: HTTP 500 (500).');
    assert.equal(describeFailure('The lag', { status: -1, code: 'error', message: 'Unexpected token <' }), 'The lag failed: Unexpected token <.');
  });
});
