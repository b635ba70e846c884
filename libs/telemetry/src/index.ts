export { createAccessLogger, createLogger, loggerOptions, redactedPaths, type Logger } from './logger.ts';
export { configOrExit, exitCodes, exitIfCannotStart, runService, type RunningService } from './run-service.ts';
export { logLevel, logLevels, telemetryConfigSpec, type LogLevel, type TelemetrySettings } from './settings.ts';
export { startTelemetry, type Telemetry } from './telemetry.ts';
export { currentTraceCarrier, inSpan, type TraceCarrier } from './trace-context.ts';
export { metrics, SpanKind } from '@opentelemetry/api';
export { lazyInstrument } from './lazy-instrument.ts';
