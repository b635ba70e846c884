import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, developmentMode, loadConfig, refuseDevelopmentSettings } from './index.ts';

const composeSecret = 'development-only-service-secret-change-me';

describe('refuseDevelopmentSettings', () => {
  it('refuses each published default and each clear-text link, naming the variable and TESSERA_DEV_MODE', () => {
    assert.throws(
      () =>
        refuseDevelopmentSettings(false, {
          secrets: { TESSERA_SERVICE_SECRET: composeSecret, TESSERA_BOOTSTRAP_ADMIN_PASSWORD: 'tessera-dev-admin' },
          plaintext: ['TOKEN_GRPC_TLS_CERT and TOKEN_GRPC_TLS_KEY are not set: set them'],
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 3);
        assert.match(error.problems[0]!, /^TESSERA_SERVICE_SECRET is a development default .*set a value of your own.*TESSERA_DEV_MODE=true/);
        assert.match(error.problems[1]!, /^TESSERA_BOOTSTRAP_ADMIN_PASSWORD is a development default/);
        assert.match(error.problems[2]!, /^TOKEN_GRPC_TLS_CERT and TOKEN_GRPC_TLS_KEY are not set: set them, or set TESSERA_DEV_MODE=true/);
        assert.doesNotMatch(error.message, /development-only-service-secret-change-me|tessera-dev-admin/);
        return true;
      },
    );
  });

  it('accepts values of the operator\'s own, and anything in development mode', () => {
    refuseDevelopmentSettings(false, { secrets: { TESSERA_SERVICE_SECRET: 'a-secret-of-the-operators-own-32-chars', TESSERA_BOOTSTRAP_ADMIN_PASSWORD: undefined }, plaintext: [] });
    refuseDevelopmentSettings(true, { secrets: { TESSERA_SERVICE_SECRET: composeSecret }, plaintext: ['the link is clear text'] });
  });

  it('reads TESSERA_DEV_MODE as true or false only, off by default', () => {
    const spec = { developmentMode };
    assert.equal(loadConfig(spec, {}).developmentMode, false);
    assert.equal(loadConfig(spec, { TESSERA_DEV_MODE: 'true' }).developmentMode, true);
    assert.throws(() => loadConfig(spec, { TESSERA_DEV_MODE: 'yes' }), /TESSERA_DEV_MODE \(got "yes"\): expected true or false/);
  });
});
