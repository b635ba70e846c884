import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';

/** An answer for an error the service knows, or undefined to leave it to the defaults. */
export type KnownErrorMapper = (
  error: unknown,
  request: FastifyRequest,
) => { status: number; headers?: Record<string, string>; body: { code: string; message: string } } | undefined;

/** QFieldCloud's error shape, `{code, message}`, for every refusal; a 5xx never echoes an internal message. */
export function errorHandling(app: FastifyInstance, knownErrors?: KnownErrorMapper): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = knownErrors?.(error, request);
    if (known) return reply.code(known.status).headers(known.headers ?? {}).send(known.body);
    if (error.validation) {
      const where = error.validationContext ?? 'request';
      return reply.code(400).send({ code: 'validation_error', message: `Invalid ${where}: ${error.message}` });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.code(status).send({ code: clientErrorCode(error), message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({ code: 'internal_error', message: `Something went wrong on our side. Quote request id ${request.id} when reporting it.` });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` }),
  );
}

function clientErrorCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'parse_error';
    default:
      return 'bad_request';
  }
}
