import { integer, oneOf, optional, url } from '@tessera/config';

/** pino's levels: LOG_LEVEL names one, or `silent`. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export const logLevel = oneOf('LOG_LEVEL', logLevels, 'info');

/**
 * What every service reads of the logs and telemetry, through the configuration loader like its other settings, so
 * a bad value stops start-up naming the variable. The OTLP exporters read the rest of the standard OTEL_EXPORTER_OTLP_*
 * variables (headers, timeouts, per-signal endpoints) themselves.
 */
export const telemetryConfigSpec = {
  logLevel,
  otlpEndpoint: optional(url('OTEL_EXPORTER_OTLP_ENDPOINT', { protocols: ['http:', 'https:'] })),
  spanExportDelayMs: integer('OTEL_BSP_SCHEDULE_DELAY', { fallback: 5_000, min: 1, max: 3_600_000 }),
  metricExportIntervalMs: integer('OTEL_METRIC_EXPORT_INTERVAL', { fallback: 60_000, min: 1, max: 24 * 3_600_000 }),
};

export interface TelemetrySettings {
  otlpEndpoint: string | undefined;
  spanExportDelayMs: number;
  metricExportIntervalMs: number;
}
