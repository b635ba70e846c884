import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@tessera/config';
import { kafkaConnectionOptions, kafkaSecurity } from './kafka-security.ts';

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ca = join(dir, 'ca.pem');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

const optionsFrom = (env: NodeJS.ProcessEnv) => kafkaConnectionOptions(loadConfig({ security: kafkaSecurity() }, env).security);

describe('Kafka connection security from the environment', () => {
  it('is clear text without SASL by default', () => {
    assert.deepEqual(optionsFrom({}), {});
  });

  it('turns on TLS with the system CAs, or with a CA of its own', () => {
    assert.deepEqual(optionsFrom({ KAFKA_TLS: 'true' }), { ssl: true });
    const withCa = optionsFrom({ KAFKA_TLS: 'true', KAFKA_TLS_CA: ca });
    assert.match(String((withCa.ssl as { ca: Buffer }).ca), /BEGIN CERTIFICATE/);
  });

  it('authenticates with SASL/SCRAM', () => {
    const env = { KAFKA_TLS: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'tessera', KAFKA_SASL_PASSWORD: 'a kafka password' };
    assert.deepEqual(optionsFrom(env), { ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'tessera', password: 'a kafka password' } });
  });

  it('names incomplete or unknown settings, never echoing the password', () => {
    assert.throws(() => optionsFrom({ KAFKA_SASL_USERNAME: 'tessera', KAFKA_SASL_PASSWORD: 'a kafka password' }), (error: Error) => {
      assert.match(error.message, /KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD go together/);
      assert.doesNotMatch(error.message, /a kafka password/);
      return true;
    });
    assert.throws(() => optionsFrom({ KAFKA_SASL_MECHANISM: 'plain' }), /KAFKA_SASL_MECHANISM \(got "plain"\): expected one of scram-sha-256, scram-sha-512/);
    assert.throws(() => optionsFrom({ KAFKA_TLS_CA: ca }), /KAFKA_TLS_CA, _CERT and _KEY need KAFKA_TLS=true/);
  });
});
