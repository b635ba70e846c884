import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configProblems, pemLookalikes } from '@tessera/testing';
import { loadAuditConfig } from './config.ts';

const pem = pemLookalikes();
after(() => pem.remove());

const secure = {
  AUDIT_DATABASE_URL: 'postgres://u:p@127.0.0.1:5433/audit',
  KAFKA_BROKERS: '127.0.0.1:9092',
  REDIS_URL: 'rediss://tessera:p@redis.internal:6380',
  TESSERA_SERVICE_SECRET: 'a-service-secret-of-the-operators-own',
  AUDIT_HTTP_TLS_CERT: pem.certificate('server'),
  AUDIT_HTTP_TLS_KEY: pem.key('server'),
  TOKEN_SERVICE_ADDRESS: 'token-service.internal:50051',
  TOKEN_SERVICE_TLS_CA: pem.certificate('ca'),
};

const problemsOf = (env: NodeJS.ProcessEnv) => configProblems(() => loadAuditConfig(env));

describe('audit service configuration outside development mode', () => {
  it('starts with HTTPS, TLS to the token service and a secret of its own', () => {
    assert.equal(problemsOf(secure), '');
  });

  it('refuses the published service secret and clear text unless TESSERA_DEV_MODE=true', () => {
    const { AUDIT_HTTP_TLS_CERT: _cert, AUDIT_HTTP_TLS_KEY: _key, TOKEN_SERVICE_TLS_CA: _ca, ...plaintext } = secure;
    const env = { ...plaintext, TESSERA_SERVICE_SECRET: 'development-only-service-secret-change-me' };
    const problems = problemsOf(env);
    assert.match(problems, /TESSERA_SERVICE_SECRET is a development default/);
    assert.match(problems, /AUDIT_HTTP_TLS_CERT and AUDIT_HTTP_TLS_KEY are not set, so the query API would take .* in clear text/);
    assert.match(problems, /TOKEN_SERVICE_TLS_CA is not set/);
    assert.equal(problemsOf({ ...env, TESSERA_DEV_MODE: 'true' }), '');
  });
});
