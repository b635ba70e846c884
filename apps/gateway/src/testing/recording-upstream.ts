import { createServer, type IncomingHttpHeaders } from 'node:http';
import { freePort } from '@tessera/testing';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * For tests: a real upstream behind the proxy that records every request it receives. It answers with `?status=`,
 * 201 by default, a JSON body that echoes the URL it was sent, and never under /slow.
 */
export async function startRecordingUpstream() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks) });
      if (request.url!.startsWith('/slow')) return;
      const status = Number(new URL(request.url!, 'http://upstream').searchParams.get('status') ?? 201);
      response.writeHead(status, { 'content-type': 'application/json', 'x-upstream': 'recorder' }).end(JSON.stringify({ echoed: request.url }));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    /** The requests whose URL holds `marker`: each test marks its own. */
    receivedWith: (marker: string) => received.filter((entry) => entry.url.includes(marker)),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
