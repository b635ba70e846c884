import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import { ErrorBody, NoQuery } from '@tessera/http';
import { cacheKeyOf, checkedCredential, presentedCredential, type TokenServiceClient } from '@tessera/token-service-client';
import type { FastifyRequest } from 'fastify';
import { adminOnly } from '../auth/admin-only.ts';
import type { EventFeed } from './event-feed.ts';
import { keepaliveMs, maxBufferedBytes, streamEvents } from './event-stream.protocol.ts';
import type { Revocations } from './revocations.ts';

// The credential is checked when a stream opens, and a revocation ends it at once (revocations.ts). Ending streams
// after a while too makes viewers reconnect and be checked again, for what no announcement covers (a token's expiry).
const streamLifetimeMs = 5 * 60_000;

/**
 * The newest events as server-sent events: `ready` (again after any gap the server knows of: read the log to fill it),
 * then an `audit` event (one audit-log entry, as the search answers it) for each event applied by any instance. Read
 * it with fetch, which can send the admin credential.
 */
export const eventStreamRoutes: FastifyPluginAsyncTypebox<{ tokenService: Pick<TokenServiceClient, 'validate'>; feed: EventFeed; revocations: Revocations }> = async (
  app,
  { tokenService, feed, revocations },
) => {
  const open = new Set<() => void>();
  let closing = false;
  // Noted before the credential is checked: a revocation announced while the check runs must end the stream too.
  const credentials = new WeakMap<FastifyRequest, { cacheKey: string; since: number }>();
  app.addHook('onRequest', async (request) => {
    const presented = presentedCredential({ authorization: request.headers.authorization });
    if (presented.kind === 'token' || presented.kind === 'api_key') {
      credentials.set(request, { cacheKey: cacheKeyOf(checkedCredential(presented)), since: revocations.position() });
    }
  });
  app.addHook('onRequest', adminOnly(tokenService));
  // Open streams would keep close() waiting for ever.
  app.addHook('preClose', async () => {
    closing = true;
    for (const end of open) end();
  });

  app.get(
    '/api/v1/events/stream',
    {
      schema: {
        querystring: NoQuery,
        description: 'text/event-stream: `ready`, then one `audit` event (data: an audit-log entry) per new event, and a comment every 15 s.',
        response: { 200: Type.String({ description: 'text/event-stream' }), 401: ErrorBody, 403: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      if (closing) {
        await reply.code(503).header('retry-after', '1').send({ code: 'service_unavailable', message: 'This instance is stopping. Reconnect.' });
        return;
      }
      if (!revocations.listening) {
        await reply.code(503).header('retry-after', '5').send({ code: 'service_unavailable', message: 'Live events are unavailable for a moment. Reconnect.' });
        return;
      }
      // adminOnly admitted only a token or an API key, which the first hook noted.
      const credential = credentials.get(request)!;
      const stream = reply.raw;
      reply.hijack();
      stream.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      const send = (text: string) => {
        if (stream.writableEnded) return;
        stream.write(text);
        if (stream.writableLength > maxBufferedBytes) end();
      };
      const unsubscribe = feed.subscribe({
        onEvents: (events) => {
          for (const event of events) send(`event: ${streamEvents.audit}\nid: ${event.event_id}\ndata: ${JSON.stringify(event)}\n\n`);
        },
        onGap: () => send(ready),
      });
      const keepalive = setInterval(() => send(': keepalive\n\n'), keepaliveMs);
      const lifetime = setTimeout(() => end(), streamLifetimeMs);
      const end = () => {
        clearInterval(keepalive);
        clearTimeout(lifetime);
        unsubscribe();
        unwatch();
        open.delete(end);
        endStream(stream);
      };
      open.add(end);
      stream.on('close', end);
      const unwatch = revocations.watch(credential.cacheKey, credential.since, end);
      send(ready);
    },
  );
};

const ready = `event: ${streamEvents.ready}\ndata: {}\n\n`;

function endStream(stream: ServerResponse): void {
  if (stream.writableLength > 0) stream.destroy();
  else stream.end();
}
