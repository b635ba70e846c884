import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { flag, oneOf, optional, secret, text, tlsClient, type GroupReader, type TlsClientSettings } from '@tessera/config';

export interface KafkaSecurity {
  /** TLS to the brokers; without `ca`, the system's CAs are trusted. */
  tls?: TlsClientSettings;
  sasl?: Extract<SASLOptions, { mechanism: 'scram-sha-256' | 'scram-sha-512' }>;
}

const tlsOn = flag('KAFKA_TLS', false);
const tlsFiles = tlsClient('KAFKA_TLS');
const mechanism = optional(oneOf('KAFKA_SASL_MECHANISM', ['scram-sha-256', 'scram-sha-512']));
const username = optional(text('KAFKA_SASL_USERNAME'));
const password = optional(secret('KAFKA_SASL_PASSWORD', { minLength: 1 }));

/** KAFKA_TLS (with KAFKA_TLS_CA, _CERT, _KEY) and KAFKA_SASL_MECHANISM, _USERNAME, _PASSWORD (SCRAM). */
export const kafkaSecurity = (): GroupReader<KafkaSecurity> => ({
  variables: [tlsOn.variable, ...tlsFiles.variables, mechanism.variable, username.variable, password.variable],
  readAll(source) {
    const problems: string[] = [];
    const read = <T>(reader: { variable: string; read(raw: string | undefined): { ok: true; value: T } | { ok: false; problem: string } }) => {
      const result = reader.read(source[reader.variable]);
      if (result.ok) return result.value;
      problems.push(result.problem);
      return undefined;
    };
    const useTls = read(tlsOn);
    const files = tlsFiles.readAll(source);
    if (!files.ok) problems.push(...files.problems);
    else if (!useTls && Object.keys(files.value).length > 0) problems.push('KAFKA_TLS_CA, _CERT and _KEY need KAFKA_TLS=true.');
    const sasl = { mechanism: read(mechanism), username: read(username), password: read(password) };
    const saslSet = Object.values(sasl).filter((value) => value !== undefined).length;
    if (saslSet > 0 && saslSet < 3) problems.push('KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD go together: set all three or none.');
    if (problems.length > 0) return { ok: false, problems };
    return {
      ok: true,
      value: {
        ...(useTls && files.ok && { tls: files.value }),
        ...(sasl.mechanism && sasl.username && sasl.password && { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as KafkaSecurity['sasl'] }),
      },
    };
  },
});

/** The kafkajs connection options for these settings. */
export function kafkaConnectionOptions(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  return {
    ...(security.tls && { ssl: Object.keys(security.tls).length > 0 ? { ...security.tls } : true }),
    ...(security.sasl && { sasl: { ...security.sasl } }),
  };
}
