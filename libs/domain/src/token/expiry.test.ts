import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../shared/domain-error.ts';
import { expiryFor, type ExpirySettings } from './expiry.ts';

const at = '2026-11-22T10:00:00.000Z';
const settings: ExpirySettings = { defaultTtlHours: 720, perClientTypeTtlHours: { browser: 8 }, maxTtlHours: 8760 };
const after = (hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();

describe('per-client-type expiry', () => {
  it('uses the global lifetime (QFieldCloud: 720 hours) for a client type without its own', () =>
    assert.equal(expiryFor({ clientType: 'cli', at, settings }), after(720)));
  it("uses a client type's own lifetime", () => assert.equal(expiryFor({ clientType: 'browser', at, settings }), after(8)));
  it('uses the lifetime asked for', () => assert.equal(expiryFor({ clientType: 'browser', at, requestedSeconds: 90, settings }), after(90 / 3600)));
  it("refuses a lifetime asked for beyond the client type's own, which is its maximum", () => {
    assert.equal(expiryFor({ clientType: 'browser', at, requestedSeconds: 8 * 3600, settings }), after(8));
    assert.throws(() => expiryFor({ clientType: 'browser', at, requestedSeconds: 8 * 3600 + 1, settings }), (error) =>
      error instanceof ValidationError && error.message === 'expires_in_seconds must be at most 28800 (8 hours) for a browser token.');
  });
  it('lets a client type without its own lifetime ask for more than the default, up to the maximum', () => {
    assert.equal(expiryFor({ clientType: 'cli', at, requestedSeconds: 8760 * 3600, settings }), after(8760));
    assert.throws(() => expiryFor({ clientType: 'cli', at, requestedSeconds: 8760 * 3600 + 1, settings }), (error) =>
      error instanceof ValidationError && error.message === 'expires_in_seconds must be at most 31536000 (8760 hours).');
  });
  it("caps a client type's own lifetime by the maximum too", () =>
    assert.equal(expiryFor({ clientType: 'browser', at, settings: { ...settings, maxTtlHours: 2 } }), after(2)));
  it('caps the default lifetimes at the maximum', () =>
    assert.equal(expiryFor({ clientType: 'cli', at, settings: { ...settings, maxTtlHours: 24 } }), after(24)));
  it('refuses a lifetime beyond the maximum instead of shortening it silently', () =>
    assert.throws(() => expiryFor({ clientType: 'cli', at, requestedSeconds: 25 * 3600, settings: { ...settings, maxTtlHours: 24 } }), (error) =>
      error instanceof ValidationError && /at most 86400/.test(error.message)));
  it('refuses a lifetime beyond ten years whatever the maximum', () =>
    assert.throws(() => expiryFor({ clientType: 'cli', at, requestedSeconds: 11 * 365 * 24 * 3600, settings: { ...settings, maxTtlHours: 24 * 365 * 20 } }), ValidationError));
  it('refuses a negative or fractional lifetime', () => {
    assert.throws(() => expiryFor({ clientType: 'cli', at, requestedSeconds: -5, settings }), ValidationError);
    assert.throws(() => expiryFor({ clientType: 'cli', at, requestedSeconds: 1.5, settings }), ValidationError);
  });
});
