import type { KnownErrorMapper } from '@tessera/http';
import { TokenServiceUnavailable } from './token-service.client.ts';

/**
 * A token service that cannot be reached (or refuses the caller's service secret) is a 503 to clients, never a 401
 * that would send them to log in again. For an HTTP service's knownErrors.
 */
export const tokenServiceUnavailable: KnownErrorMapper = (error, request) => {
  if (!(error instanceof TokenServiceUnavailable)) return undefined;
  request.log.warn({ err: error.cause }, error.message);
  return { status: 503, headers: { 'retry-after': '1' }, body: { code: 'service_unavailable', message: 'The token service is unavailable. Retry shortly.' } };
};
