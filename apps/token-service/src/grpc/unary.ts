import { Metadata, status, type handleUnaryCall, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AuthenticationError, DomainError, IllegalStateError, NotFoundError, ValidationError } from '@tessera/domain';
import { inSpan, lazyInstrument, metrics, SpanKind, type Logger } from '@tessera/telemetry';
import { ConcurrencyError } from '../event-store/postgres-event-store.ts';

/**
 * Every RPC goes through here: its request is checked against a schema (INVALID_ARGUMENT naming the field, before
 * anything is read or stored), it runs in a span continuing the caller's trace, and errors are mapped to gRPC codes
 * in one place. The callback is answered exactly once.
 */
export function unary<S extends TSchema, Res>(
  method: string,
  schema: S,
  logger: Logger,
  handle: (request: Static<S>, call: ServerUnaryCall<Static<S>, Res>) => Promise<Res>,
): handleUnaryCall<Static<S>, Res> {
  const validator = Compile(schema);
  return (call, callback) => {
    const started = performance.now();
    const answer: typeof callback = (error, ...rest) => {
      callDuration().record((performance.now() - started) / 1000, { 'rpc.method': method, 'rpc.grpc.status_code': error?.code ?? status.OK });
      return callback(error, ...rest);
    };
    const parent = { traceparent: firstValue(call.metadata, 'traceparent'), tracestate: firstValue(call.metadata, 'tracestate') };
    void inSpan(`tessera.v1/${method}`, { kind: SpanKind.SERVER, parent }, async () => {
      const invalid = [...validator.Errors(call.request)][0];
      if (invalid) return answer(grpcError(status.INVALID_ARGUMENT, `${fieldName(invalid.instancePath, invalid.params)} ${invalid.message}`));
      try {
        return answer(null, await handle(call.request, call));
      } catch (error) {
        return answer(toServiceError(error, method, logger));
      }
    });
  };
}

const callDuration = lazyInstrument(() =>
  metrics.getMeter('token-service').createHistogram('rpc.server.call.duration', { unit: 's', description: 'Duration of gRPC calls' }),
);

function toServiceError(error: unknown, method: string, logger: Logger): Partial<ServiceError> {
  if (error instanceof ValidationError) return grpcError(status.INVALID_ARGUMENT, error.message, error.code);
  if (error instanceof AuthenticationError) return grpcError(status.UNAUTHENTICATED, error.message, error.code);
  if (error instanceof NotFoundError) return grpcError(status.NOT_FOUND, error.message, error.code);
  if (error instanceof IllegalStateError) return grpcError(status.FAILED_PRECONDITION, error.message, error.code);
  if (error instanceof DomainError) return grpcError(status.FAILED_PRECONDITION, error.message, error.code);
  if (error instanceof ConcurrencyError) return grpcError(status.ABORTED, error.message, 'conflict');
  logger.error({ err: error, method }, 'rpc failed');
  return grpcError(status.INTERNAL, 'Internal error in the token service.');
}

/** The domain's error code travels in the `tessera-error-code` trailer, so callers branch on it, not on text. */
function grpcError(code: status, details: string, errorCode?: string): Partial<ServiceError> {
  const metadata = new Metadata();
  if (errorCode) metadata.set('tessera-error-code', errorCode);
  return { code, details, metadata };
}

function firstValue(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}

function fieldName(instancePath: string, params: unknown): string {
  const missing = typeof params === 'object' && params !== null && 'requiredProperties' in params ? String(params.requiredProperties) : '';
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return [path, missing].filter(Boolean).join('.') || 'request';
}
