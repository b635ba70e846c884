import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const CheckResults = Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]));
const Readiness = Type.Object({ status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]), checks: CheckResults });

/**
 * Liveness says the process answers; readiness says every dependency answers too, and names the ones that do not.
 * Probes are unauthenticated, so why a dependency failed (its address, a driver's error text) goes to the log only.
 */
export const healthRoutes: FastifyPluginAsync<{ checks: ReadinessCheck[] }> = async (app, { checks }) => {
  const live = { tags: ['health'], summary: 'The process answers', response: { 200: Type.Object({ status: Type.Literal('ok') }) } };
  app.get('/healthz', { schema: live }, async () => ({ status: 'ok' as const }));

  const ready = { tags: ['health'], summary: 'Every dependency answers too', response: { 200: Readiness, 503: Readiness } };
  app.get('/readyz', { schema: ready }, async (request, reply) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch (error) {
          request.log.warn({ err: error, dependency: name }, 'readiness check failed');
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = results.every(([, result]) => result === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) });
  });
};
