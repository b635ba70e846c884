import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { TokenServiceUnavailable } from './token-service/token-service.client.ts';

/** QFieldCloud's error body. */
export const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });

/** A token service that cannot be reached is the gateway's 503, never a 401 that would send clients to log in again. */
export function mapUpstreamErrors(app: FastifyInstance): void {
  const fallback = app.errorHandler;
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof TokenServiceUnavailable) {
      request.log.warn({ err: error.cause }, 'token service unavailable');
      return reply.code(503).header('retry-after', '1').send({ code: 'service_unavailable', message: 'The token service is unavailable. Retry shortly.' });
    }
    return fallback.call(app, error, request, reply);
  });
}
