import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEnvelope } from './envelope.ts';

const valid = {
  event_id: '5b0e7c51-9c3e-4d6c-8d2a-0f1f7c3e2a11',
  type: 'UserRegistered',
  schema_version: 1,
  stream_id: 'user-usr_1',
  stream_version: 1,
  global_position: '42',
  occurred_at: '2026-11-22T10:00:00.000Z',
  trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  data: { user_id: 'usr_1' },
};

describe('decodeEnvelope', () => {
  it('accepts a well-formed envelope', () => {
    assert.deepEqual(decodeEnvelope(JSON.stringify(valid)), { ok: true, envelope: valid });
  });

  it('names what is wrong with a malformed one', () => {
    const result = decodeEnvelope(JSON.stringify({ ...valid, schema_version: 0, extra: true }));
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /not an event envelope: .*/);
  });

  it('refuses what is not JSON, and an empty message', () => {
    assert.deepEqual(decodeEnvelope('{nope'), { ok: false, reason: 'not JSON' });
    assert.deepEqual(decodeEnvelope(null), { ok: false, reason: 'empty message' });
  });
});
