import type { FastifyRequest } from 'fastify';

/**
 * Fastify judges a request without a body as `undefined` against the body's schema, and refuses it. For a route
 * whose body fields are all optional, no body means no fields: use this as the route's preValidation.
 */
export async function absentBodyIsEmpty(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}
