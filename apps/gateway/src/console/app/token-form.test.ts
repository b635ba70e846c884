import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { customExpiry, expiryPresets, expirySeconds, readTokenForm, refusedField } from './token-form.ts';

const now = new Date(2026, 10, 30, 12, 0, 0);
const input = { note: 'nightly backup', expiry: '30d', date: '', policy: '' };

describe('create-token form', () => {
  it('turns each preset into its number of seconds', () => {
    assert.deepEqual(
      expiryPresets.map((preset) => expirySeconds(preset.value, '', now)),
      [7 * 86_400, 30 * 86_400, 90 * 86_400, 365 * 86_400],
    );
  });

  it('reads a chosen date as the end of that day in the reader\'s zone', () => {
    assert.equal(expirySeconds(customExpiry, '2026-12-01', now), 86_400 + 12 * 3600 - 1);
    assert.equal(expirySeconds(customExpiry, '2026-11-30', now), 12 * 3600 - 1);
  });

  it('says what to do about a missing, impossible or past date', () => {
    assert.equal(expirySeconds(customExpiry, '', now), 'Enter the day the token should expire.');
    assert.equal(expirySeconds(customExpiry, '2026-02-30', now), 'Enter a real date.');
    assert.equal(expirySeconds(customExpiry, '2026-11-29', now), 'Pick a day after today.');
    assert.equal(expirySeconds('forever', '', now), 'Pick an expiry.');
  });

  it('builds the API request, with the policy parsed and the note trimmed', () => {
    assert.deepEqual(readTokenForm({ ...input, note: '  ci  ', policy: '{"resources": {"*": {"allow": ["GET"]}}}' }, now), {
      request: { note: 'ci', expires_in_seconds: 30 * 86_400, policy: { resources: { '*': { allow: ['GET'] } } } },
    });
    assert.deepEqual(readTokenForm(input, now), { request: { note: 'nightly backup', expires_in_seconds: 30 * 86_400 } });
  });

  it('puts a message beside every field that needs another value', () => {
    const result = readTokenForm({ note: ' ', expiry: customExpiry, date: '', policy: '{"resources": ' }, now);
    assert.ok('errors' in result);
    assert.deepEqual(Object.keys(result.errors).sort(), ['expiry', 'note', 'policy']);
    assert.match(result.errors.policy!, /as JSON/);
    const notObject = readTokenForm({ ...input, policy: '["GET"]' }, now);
    assert.ok('errors' in notObject && /JSON object/.test(notObject.errors.policy!));
    const long = readTokenForm({ ...input, note: 'x'.repeat(256) }, now);
    assert.ok('errors' in long && /255 characters \(it has 256\)/.test(long.errors.note!));
  });

  it('places the API\'s refusals beside the field they are about', () => {
    assert.equal(refusedField('validation_error', 'Invalid body: body/policy/resources must NOT have more than 100 properties'), 'policy');
    assert.equal(refusedField('invalid_policy', 'Unknown method "FETCH".'), 'policy');
    assert.equal(refusedField('validation_error', 'Invalid body: body/expires_in_seconds must be <= 31536000'), 'expiry');
    assert.equal(refusedField('validation_error', 'Invalid body: body/note must NOT have more than 255 characters'), 'note');
    assert.equal(refusedField('permission_denied', 'You may not.'), undefined);
  });
});
