import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** nginx's default: longer request lines are abuse, not API calls. */
const maxUrlLength = 8 * 1024;

/**
 * Limits checked before any route runs, answered in the shared `{code, message}` shape: an overlong URL, and a body
 * in a charset other than UTF-8 (which the JSON and form parsers would read wrongly rather than refuse).
 */
export function requestLimits(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length > maxUrlLength) {
      return reply.code(414).send({ code: 'uri_too_long', message: `The URL is longer than ${maxUrlLength} characters.` });
    }
    const charset = /;\s*charset=("?)([^";]+)\1/i.exec(request.headers['content-type'] ?? '')?.[2]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return reply.code(415).send({ code: 'unsupported_media_type', message: `Bodies must be UTF-8, not ${charset}.` });
    }
  });
}

/** Errors the router raises before a route is found: a URL that is not validly percent-encoded. */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL') {
    void reply.code(400).send({ code: 'bad_url', message: 'The URL is not validly percent-encoded.' });
    return;
  }
  void reply.code(400).send({ code: 'bad_request', message: 'The request could not be routed.' });
}

/**
 * What Node's HTTP parser refuses (oversized headers, malformed request lines, conflicting lengths) never reaches
 * Fastify: it is answered here, on the raw socket, in the same shape as every other refusal.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request took too long to arrive.']
        : [400, 'bad_request', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ code, message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
