import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Spans are always recorded, so every log line carries a trace id even where nothing collects traces; they are
 * exported (OTLP over HTTP) only when OTEL_EXPORTER_OTLP_ENDPOINT names a collector, so a developer's laptop
 * does not fill its logs with refused connections to a collector that is not there.
 */
const keepInProcess: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

/** The standard OTEL_* interval variables, in milliseconds. */
function interval(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const value = Number(env[variable]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  const exporting = Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT']);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName, [ATTR_SERVICE_VERSION]: '0.1.0' }),
    spanProcessors: [exporting ? new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: interval(env, 'OTEL_BSP_SCHEDULE_DELAY', 5_000) }) : keepInProcess],
    metricReaders: exporting
      ? [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: interval(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000) })]
      : [],
    instrumentations: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
