import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startupFailure, type ServiceName } from '@tessera/testing';

// The logger is made from the loaded configuration, so a bad LOG_LEVEL is named like any other setting, not a
// stack trace from pino.
describe('a service given an unknown LOG_LEVEL', () => {
  for (const service of ['gateway', 'token-service', 'audit-service'] satisfies ServiceName[]) {
    it(`${service} exits 78 naming LOG_LEVEL`, () => {
      const result = startupFailure(service, { LOG_LEVEL: 'verbose' });
      assert.equal(result.status, 78, result.stderr);
      assert.match(result.stderr, new RegExp(`^${service} cannot start\\. Invalid configuration:\\n`));
      assert.match(result.stderr, /- LOG_LEVEL \(got "verbose"\): expected one of fatal, error, warn, info, debug, trace, silent\n/);
    });
  }
});
