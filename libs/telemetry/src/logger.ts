import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { trace } from '@opentelemetry/api';
import type { LogLevel } from './settings.ts';

export type { Logger } from 'pino';

/**
 * Credentials must never reach a log line, even by accident (a request object logged whole, a body echoed):
 * these paths are censored before serialisation. Code that needs to name a credential logs its masked prefix.
 */
export const redactedPaths = [
  'password', '*.password', 'new_password', '*.new_password', 'token', '*.token', 'secret', '*.secret',
  'api_secret', '*.api_secret', 'pwd', '*.pwd', 'csrf_token', '*.csrf_token', 'authorization', '*.authorization', 'req.headers.authorization',
  'req.headers["x-csrf-token"]', 'req.headers["x-frappe-csrf-token"]',
  'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'res.headers["set-cookie"]',
];

/** `level` comes from the configuration loaded first (LOG_LEVEL), never from the environment directly. */
export function loggerOptions(service: string, level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // Every line written inside a span names its trace, so logs and traces join up.
    mixin() {
      const spanContext = trace.getActiveSpan()?.spanContext();
      return spanContext && trace.isSpanContextValid(spanContext)
        ? { trace_id: spanContext.traceId, span_id: spanContext.spanId }
        : {};
    },
  };
}

// One buffered standard output for every logger of the process, written asynchronously (and flushed at exit): a
// synchronous write per line cost more than a bare request, and two buffers on one descriptor could interleave.
let stdout: DestinationStream | undefined;
const destination = () => (stdout ??= pino.destination({ dest: 1, sync: false }));

export function createLogger(service: string, level: LogLevel): Logger {
  return pino(loggerOptions(service, level), destination());
}

/**
 * The access log: one line per request, whose fields the server sets itself (method, route template, status,
 * duration, request id) and which can hold no credential, so it skips redaction, which cost about as much as the
 * rest of the line.
 */
export function createAccessLogger(service: string, level: LogLevel): Logger {
  const { redact: _unneeded, ...options } = loggerOptions(service, level);
  return pino(options, destination());
}
