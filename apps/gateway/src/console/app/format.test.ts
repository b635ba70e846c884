import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dateTimeFormat, describeFailure, formatDate, lastUsedText } from './format.ts';

describe('console formatting', () => {
  it('shows one instant in the reader\'s own time zone, naming the zone', () => {
    const at = '2026-11-30T23:30:00.000Z';
    const tokyo = formatDate(at, dateTimeFormat('Asia/Tokyo'));
    const newYork = formatDate(at, dateTimeFormat('America/New_York'));
    assert.notEqual(tokyo, newYork);
    assert.match(tokyo, /Dec 1, 2026/);
    assert.match(tokyo, /GMT\+9/);
    assert.match(newYork, /Nov 30, 2026/);
    assert.match(newYork, /EST/);
  });

  it('says never for a token not used yet, and unknown while the audit service cannot say', () => {
    const utc = dateTimeFormat('UTC');
    assert.equal(lastUsedText(null, utc), 'Never');
    assert.match(lastUsedText('unknown', utc), /^Unknown/);
    assert.equal(lastUsedText('2026-01-02T03:04:00Z', utc), formatDate('2026-01-02T03:04:00Z', utc));
  });

  it('words a failed dependency as a sentence for a banner, never the answer\'s internals', () => {
    assert.match(describeFailure('Loading your tokens', { status: 0, code: 'unreachable', message: 'TypeError: Failed to fetch' }), /did not answer/);
    const unavailable = describeFailure('Loading your tokens', { status: 503, code: 'service_unavailable', message: 'Error: connect ECONNREFUSED 127.0.0.1:50051\n    at …' });
    assert.match(unavailable, /unavailable right now \(503\)/);
    assert.doesNotMatch(unavailable, /ECONNREFUSED|at /);
    assert.equal(describeFailure('Revoking', { status: 404, code: 'not_found', message: 'Not found.' }), 'Revoking failed: Not found.');
  });
});
