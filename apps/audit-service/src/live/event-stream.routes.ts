import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import { ErrorBody, NoQuery } from '@tessera/http';
import type { TokenServiceClient } from '@tessera/token-service-client';
import { adminOnly } from '../auth/admin-only.ts';
import type { EventFeed } from './event-feed.ts';

// Proxies and load balancers close connections that stay silent for a minute or so.
const keepaliveMs = 15_000;

/**
 * The newest events as server-sent events: `ready` once, then an `audit` event (one audit-log entry, as the search
 * answers it) for each event applied by any instance. Read it with fetch, which can send the admin credential;
 * after a reconnect, fetch the log to fill the gap.
 */
export const eventStreamRoutes: FastifyPluginAsyncTypebox<{ tokenService: TokenServiceClient; feed: EventFeed }> = async (app, { tokenService, feed }) => {
  const open = new Set<ServerResponse>();
  app.addHook('onRequest', adminOnly(tokenService));
  // Open streams would keep close() waiting for ever.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
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
    (_request, reply) => {
      const stream = reply.raw;
      reply.hijack();
      stream.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      stream.write('event: ready\ndata: {}\n\n');
      open.add(stream);
      const unsubscribe = feed.subscribe((events) => {
        for (const event of events) stream.write(`event: audit\nid: ${event.event_id}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const keepalive = setInterval(() => stream.write(': keepalive\n\n'), keepaliveMs);
      stream.on('close', () => {
        clearInterval(keepalive);
        unsubscribe();
        open.delete(stream);
      });
    },
  );
};
