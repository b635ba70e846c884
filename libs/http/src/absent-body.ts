import type { FastifyRequest } from 'fastify';

/**
 * Fastify judges a request without a body as `undefined` against the body's schema, and refuses it. For a route
 * whose body fields are all optional, no body means no fields: use this as the route's preValidation. The OpenAPI
 * document then says the body may be left out (openapi.ts).
 */
export async function absentBodyIsEmpty(request: FastifyRequest): Promise<void> {
  // Only a body that is not there: a JSON `null` is a body, and the schema judges it.
  if (request.body === undefined) request.body = {};
}

/** Whether a route (its options, as Fastify's onRoute hook sees them) takes a missing body as an empty one. */
export const takesAbsentBody = (route: { preValidation?: unknown }): boolean => [route.preValidation ?? []].flat().includes(absentBodyIsEmpty);
