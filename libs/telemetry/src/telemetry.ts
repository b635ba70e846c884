import { metrics } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TelemetrySettings } from './settings.ts';

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Spans are always recorded, so every log line carries a trace id even where nothing collects traces; they are
 * exported (OTLP over HTTP) only when OTEL_EXPORTER_OTLP_ENDPOINT names a collector, so a developer's laptop does
 * not fill its logs with refused connections to a collector that is not there.
 */
const keepInProcess: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

export function startTelemetry(serviceName: string, settings: TelemetrySettings): Telemetry {
  const exporting = settings.otlpEndpoint !== undefined;
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName, [ATTR_SERVICE_VERSION]: '0.1.0' });
  // The tracer and meter providers themselves, not NodeSDK: it loads every exporter, propagator, log pipeline and
  // resource detector it can configure from the environment, which cost the services memory they never use (ADR 9).
  // register() installs what the services rely on: AsyncLocalStorage context and W3C trace context propagation.
  const tracing = new NodeTracerProvider({
    resource,
    spanProcessors: [exporting ? new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: settings.spanExportDelayMs }) : keepInProcess],
  });
  tracing.register();
  const meters = new MeterProvider({
    resource,
    readers: exporting
      ? [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: settings.metricExportIntervalMs })]
      : [],
  });
  metrics.setGlobalMeterProvider(meters);
  return { shutdown: async () => void (await Promise.all([tracing.shutdown(), meters.shutdown()])) };
}
