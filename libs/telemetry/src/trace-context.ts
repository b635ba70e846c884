import { context, propagation, SpanStatusCode, trace, type Attributes, type SpanKind } from '@opentelemetry/api';

/** W3C trace context as it travels in event envelopes, gRPC metadata and HTTP headers. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

export function currentTraceCarrier(): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const result: TraceCarrier = {};
  if (carrier['traceparent']) result.traceparent = carrier['traceparent'];
  if (carrier['tracestate']) result.tracestate = carrier['tracestate'];
  return result;
}

/**
 * Runs `work` in a new span, as a child of the trace in `parent` when one is given (a request header, an
 * event's envelope) and of the active span otherwise; failures are recorded on the span and rethrown.
 */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: TraceCarrier },
  work: () => Promise<T>,
): Promise<T> {
  const parentContext = options.parent ? propagation.extract(context.active(), options.parent) : context.active();
  const tracer = trace.getTracer('tessera');
  const spanOptions = { ...(options.kind === undefined ? {} : { kind: options.kind }), attributes: options.attributes ?? {} };
  return tracer.startActiveSpan(name, spanOptions, parentContext, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : new Error(String(error)));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
