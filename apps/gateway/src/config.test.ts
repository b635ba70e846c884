import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configProblems, pemLookalikes } from '@tessera/testing';
import { loadGatewayConfig } from './config.ts';

const pem = pemLookalikes();
after(() => pem.remove());
const ca = pem.certificate('ca');

const secure = {
  REDIS_URL: 'redis://127.0.0.1:6380',
  TESSERA_SERVICE_SECRET: 'a-service-secret-of-the-operators-own',
  TOKEN_SERVICE_ADDRESS: 'token-service.internal:50051',
  TOKEN_SERVICE_TLS_CA: ca,
  AUDIT_SERVICE_URL: 'https://audit.internal:8081',
  AUDIT_SERVICE_TLS_CA: ca,
};

const problemsOf = (env: NodeJS.ProcessEnv) => configProblems(() => loadGatewayConfig(env));

describe('gateway configuration outside development mode', () => {
  it('starts over TLS with a secret of its own', () => {
    const config = loadGatewayConfig(secure);
    assert.ok(config.tokenServiceTls?.ca);
    assert.ok(config.auditServiceTls.ca);
  });

  it('refuses the published service secret unless TESSERA_DEV_MODE=true', () => {
    const env = { ...secure, TESSERA_SERVICE_SECRET: 'development-only-service-secret-change-me' };
    assert.match(problemsOf(env), /TESSERA_SERVICE_SECRET is a development default .*TESSERA_DEV_MODE=true/);
    assert.equal(problemsOf({ ...env, TESSERA_DEV_MODE: 'true' }), '');
  });

  it('refuses clear text to the token service and to the audit service unless TESSERA_DEV_MODE=true', () => {
    const { TOKEN_SERVICE_TLS_CA: _ca, AUDIT_SERVICE_TLS_CA: _auditCa, ...plaintext } = { ...secure, AUDIT_SERVICE_URL: 'http://audit.internal:8081' };
    const problems = problemsOf(plaintext);
    assert.match(problems, /TOKEN_SERVICE_TLS_CA is not set, so calls to the token service would carry .* in clear text/);
    assert.match(problems, /AUDIT_SERVICE_URL is http:, so calls to the audit service would carry the service secret in clear text/);
    assert.equal(problemsOf({ ...plaintext, TESSERA_DEV_MODE: 'true' }), '');
  });

  it('names TLS settings that cannot apply', () => {
    assert.match(problemsOf({ ...secure, TOKEN_SERVICE_ADDRESS: '127.0.0.1:50051' }), /TOKEN_SERVICE_ADDRESS \(got "127\.0\.0\.1"\): over TLS, name the token service by a DNS name/);
    assert.match(problemsOf({ ...secure, AUDIT_SERVICE_URL: 'http://audit.internal:8081' }), /AUDIT_SERVICE_TLS_CA, _CERT and _KEY apply to an https: AUDIT_SERVICE_URL only/);
    const { TOKEN_SERVICE_TLS_CA: _ca, ...withoutCa } = secure;
    assert.match(problemsOf({ ...withoutCa, TOKEN_SERVICE_TLS_CERT: ca, TOKEN_SERVICE_TLS_KEY: ca }), /TOKEN_SERVICE_TLS_KEY: the file is not a PEM private key/);
  });
});
