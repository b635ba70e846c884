import { Metadata, status, type handleUnaryCall, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AuthenticationError, DomainError, IllegalStateError, NotFoundError, PermissionError, ValidationError } from '@tessera/domain';
import { inSpan, lazyInstrument, metrics, SpanKind, type Logger } from '@tessera/telemetry';
import { ConcurrencyError } from '../event-store/postgres-event-store.ts';
import { LockoutsUnavailable } from '../auth/login-throttle.ts';
import { AdminRosterBusy } from '../users/admin-roster.ts';
import { InvalidationsPending } from '../validation/cache-invalidations.ts';
import { serviceSecretHeader } from '@tessera/contracts';
import { trustedServiceCheck } from './authentication.ts';

/**
 * Every RPC goes through here: its request is checked against a schema (INVALID_ARGUMENT naming the field, before
 * anything is read or stored), it runs in a span continuing the caller's trace, and errors are mapped to gRPC codes
 * in one place. The callback is answered exactly once. What arrives is `unknown` until the schema has said what
 * it is: proto3 cannot mark a field required, so the generated request types cannot either.
 */
export type Unary = <S extends TSchema, Res>(
  method: string,
  schema: S,
  handle: (request: Static<S>, call: ServerUnaryCall<Static<S>, Res>) => Promise<Res>,
) => handleUnaryCall<unknown, Res>;

export function createUnary(options: { logger: Logger; serviceSecret: string }): Unary {
  const context = { logger: options.logger, fromTrustedService: trustedServiceCheck(options.serviceSecret) };
  return (method, schema, handle) => unary(method, schema, context, handle);
}

function unary<S extends TSchema, Res>(
  method: string,
  schema: S,
  { logger, fromTrustedService }: { logger: Logger; fromTrustedService: (metadata: Metadata) => boolean },
  handle: (request: Static<S>, call: ServerUnaryCall<Static<S>, Res>) => Promise<Res>,
): handleUnaryCall<unknown, Res> {
  const validator = Compile(schema);
  return (call, callback) => {
    const started = performance.now();
    const answer: typeof callback = (error, ...rest) => {
      callDuration().record((performance.now() - started) / 1000, { 'rpc.method': method, 'rpc.grpc.status_code': error?.code ?? status.OK });
      return callback(error, ...rest);
    };
    const parent = { traceparent: firstValue(call.metadata, 'traceparent'), tracestate: firstValue(call.metadata, 'tracestate') };
    void inSpan(`tessera.v1/${method}`, { kind: SpanKind.SERVER, parent }, async () => {
      if (!fromTrustedService(call.metadata)) {
        return answer(grpcError(status.UNAUTHENTICATED, `Calls to the token service must carry the service secret in ${serviceSecretHeader}.`, 'service_not_authenticated'));
      }
      const hostile = controlCharacterIn(call.request);
      if (hostile !== undefined) return answer(grpcError(status.INVALID_ARGUMENT, `${hostile} must not contain control characters`));
      // Check is the compiled fast path; the errors, which name the field, are worked out only for a refusal.
      const invalid = validator.Check(call.request) ? undefined : [...validator.Errors(call.request)][0];
      if (invalid) return answer(grpcError(status.INVALID_ARGUMENT, `${fieldName(invalid.instancePath, invalid.params)} ${invalid.message}`));
      try {
        const checked = call as ServerUnaryCall<Static<S>, Res>;
        return answer(null, await handle(checked.request, checked));
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
  if (error instanceof PermissionError) return grpcError(status.PERMISSION_DENIED, error.message, error.code);
  if (error instanceof NotFoundError) return grpcError(status.NOT_FOUND, error.message, error.code);
  if (error instanceof IllegalStateError) return grpcError(status.FAILED_PRECONDITION, error.message, error.code);
  if (error instanceof DomainError) return grpcError(status.FAILED_PRECONDITION, error.message, error.code);
  if (error instanceof ConcurrencyError || error instanceof AdminRosterBusy) return grpcError(status.ABORTED, error.message, 'conflict');
  if (error instanceof InvalidationsPending) {
    logger.warn({ err: error.cause, method }, 'a change is committed but not yet out of every cache; answered UNAVAILABLE');
    return grpcError(status.UNAVAILABLE, error.message, 'invalidations_pending');
  }
  if (error instanceof LockoutsUnavailable) {
    logger.warn({ err: error.cause, method }, 'Redis did not answer a lockout call; answered UNAVAILABLE');
    return grpcError(status.UNAVAILABLE, error.message, 'lockouts_unavailable');
  }
  logger.error({ err: error, method }, 'rpc failed');
  return grpcError(status.INTERNAL, 'Internal error in the token service.');
}

/** The domain's error code travels in the `tessera-error-code` trailer, so callers branch on it, not on text. */
function grpcError(code: status, details: string, errorCode?: string): Partial<ServiceError> {
  const metadata = new Metadata();
  if (errorCode) metadata.set('tessera-error-code', errorCode);
  return { code, details, metadata };
}

// NUL and the other C0 controls but tab, line feed and carriage return: PostgreSQL refuses NUL in text, and none
// of them belongs in a name, a note or a reason. Refused for every field at once, so no schema can forget it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The path of the first string field holding a control character, if any. */
function controlCharacterIn(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return controlCharacter.test(value) ? path || 'request' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = controlCharacterIn(child, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
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
