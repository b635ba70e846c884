import { Type } from 'typebox';
import type { KnownErrorMapper } from '@tessera/http';
import { TokenServiceUnavailable } from './token-service/token-service.client.ts';

/** QFieldCloud's error body. */
export const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });

/** A token service that cannot be reached is the gateway's 503, never a 401 that would send clients to log in again. */
export const upstreamErrors: KnownErrorMapper = (error, request) => {
  if (!(error instanceof TokenServiceUnavailable)) return undefined;
  request.log.warn({ err: error.cause }, 'token service unavailable');
  return { status: 503, headers: { 'retry-after': '1' }, body: { code: 'service_unavailable', message: 'The token service is unavailable. Retry shortly.' } };
};
