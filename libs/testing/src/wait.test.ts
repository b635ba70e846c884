import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './wait.ts';

describe('waitFor', () => {
  it('returns the first truthy value, polling until there is one', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { description: 'three calls', intervalMs: 1 });
    assert.deepEqual(value, { calls: 3 });
    assert.equal(calls, 3);
  });

  it('treats a throwing probe as not yet', async () => {
    let calls = 0;
    const value = await waitFor(async () => {
      if (++calls < 3) throw new Error('connection refused');
      return 'up';
    }, { description: 'the service', intervalMs: 1 });
    assert.equal(value, 'up');
  });

  it('names the description and the last error at the deadline', async () => {
    const started = Date.now();
    await assert.rejects(
      waitFor(() => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:1')), { description: 'the broker', timeoutMs: 100, intervalMs: 10 }),
      (error: Error) => {
        assert.match(error.message, /timed out after 100 ms waiting for the broker; last error: ECONNREFUSED 127\.0\.0\.1:1/);
        assert.ok(error.cause instanceof Error);
        return true;
      },
    );
    assert.ok(Date.now() - started < 5_000, 'gave up near the deadline');
  });

  it('names the last value seen when the probe kept answering falsy', async () => {
    await assert.rejects(
      waitFor(() => false, { description: 'rows to appear', timeoutMs: 60, intervalMs: 5 }),
      /waiting for rows to appear; last value: false/,
    );
  });

  it('does not let a hanging probe outlast the deadline', async () => {
    const started = Date.now();
    await assert.rejects(waitFor(() => new Promise<never>(() => {}), { description: 'a hung probe', timeoutMs: 100 }), /a hung probe; the probe never answered/);
    assert.ok(Date.now() - started < 5_000);
  });

  it('stops early with the reason when the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('process died');
    setImmediate(() => controller.abort(reason));
    const started = Date.now();
    await assert.rejects(waitFor(() => false, { description: 'never', timeoutMs: 10_000, signal: controller.signal }), (error) => error === reason);
    assert.ok(Date.now() - started < 5_000);
  });
});
