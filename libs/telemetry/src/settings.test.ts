import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '@tessera/config';
import { telemetryConfigSpec } from './settings.ts';

const problems = (env: NodeJS.ProcessEnv): readonly string[] => {
  try {
    loadConfig(telemetryConfigSpec, env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
};

describe('log and telemetry settings', () => {
  it('log at info and export nothing when unset', () => {
    assert.deepEqual(loadConfig(telemetryConfigSpec, {}), { logLevel: 'info', otlpEndpoint: undefined, spanExportDelayMs: 5_000, metricExportIntervalMs: 60_000 });
  });

  it("take pino's levels and the collector's URL and intervals as given", () => {
    const config = loadConfig(telemetryConfigSpec, {
      LOG_LEVEL: 'silent',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.internal:4318',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '300',
    });
    assert.deepEqual(config, { logLevel: 'silent', otlpEndpoint: 'https://collector.internal:4318', spanExportDelayMs: 100, metricExportIntervalMs: 300 });
  });

  it('name LOG_LEVEL when it is not a pino level', () => {
    assert.deepEqual(problems({ LOG_LEVEL: 'verbose' }), ['LOG_LEVEL (got "verbose"): expected one of fatal, error, warn, info, debug, trace, silent']);
  });

  it('name each OTEL_* variable that cannot be used, all at once', () => {
    const found = problems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_BSP_SCHEDULE_DELAY: '5s', OTEL_METRIC_EXPORT_INTERVAL: '0' });
    assert.equal(found.length, 3);
    assert.match(found[0]!, /^OTEL_EXPORTER_OTLP_ENDPOINT \(got "collector:4318"\): expected a http: or https: URL/);
    assert.match(found[1]!, /^OTEL_BSP_SCHEDULE_DELAY \(got "5s"\): expected a whole number/);
    assert.match(found[2]!, /^OTEL_METRIC_EXPORT_INTERVAL \(got "0"\): expected a whole number from 1/);
  });
});
