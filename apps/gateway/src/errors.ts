import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ErrorBody, NoQuery, type KnownErrorMapper } from '@tessera/http';
import { tokenServiceUnavailable } from '@tessera/token-service-client';
import { SessionStoreUnavailable } from './sessions/session-store.ts';

export { ErrorBody, NoQuery };

/** The refusals a route that calls the token service for a user may answer, for its schema. */
export const refusalResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody, 503: ErrorBody };

/** The token service's refusals, as QFieldCloud's statuses and codes. Its messages are written for clients. */
// Where QFieldCloud has a code, clients branch on it; a conflict has none, so the domain's precise one (username_taken).
const answers = new Map<status, { status: number; code: string; domainCode?: true }>([
  [status.INVALID_ARGUMENT, { status: 400, code: 'validation_error' }],
  [status.UNAUTHENTICATED, { status: 401, code: 'token_authentication_failed', domainCode: true }],
  [status.PERMISSION_DENIED, { status: 403, code: 'permission_denied' }],
  [status.NOT_FOUND, { status: 404, code: 'object_not_found' }],
  [status.FAILED_PRECONDITION, { status: 409, code: 'conflict', domainCode: true }],
  [status.ALREADY_EXISTS, { status: 409, code: 'conflict', domainCode: true }],
  [status.ABORTED, { status: 409, code: 'conflict', domainCode: true }],
]);

/**
 * The token service or the session store away is a 503; its refusals keep their meaning and its message. (A throttled request is
 * @tessera/http's own 429.)
 */
export const upstreamErrors: KnownErrorMapper = (error, request) => {
  const unavailable = tokenServiceUnavailable(error, request);
  if (unavailable) return unavailable;
  if (error instanceof SessionStoreUnavailable) {
    request.log.warn({ err: error.cause }, error.message);
    return { status: 503, headers: { 'retry-after': '1' }, body: { code: 'service_unavailable', message: 'Sessions are unavailable. Retry shortly, or send an Authorization header.' } };
  }
  if (!isServiceError(error)) return undefined;
  const answer = answers.get(error.code);
  if (!answer) return undefined;
  const domainCode = error.metadata.get('tessera-error-code')[0];
  const code = answer.domainCode && typeof domainCode === 'string' ? domainCode : answer.code;
  const headers: Record<string, string> = answer.status === 401 ? { 'www-authenticate': 'Token' } : {};
  return { status: answer.status, headers, body: { code, message: error.details } };
};

const isServiceError = (error: unknown): error is ServiceError =>
  error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number' && (error as Partial<ServiceError>).metadata instanceof Metadata;
