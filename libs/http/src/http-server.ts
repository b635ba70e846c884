import { randomBytes } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import AjvCompiler from '@fastify/ajv-compiler';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { context, metrics, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { createAccessLogger, createLogger, type LogLevel } from '@tessera/telemetry';
import type { HostPort, TlsServerSettings } from '@tessera/config';
import { healthRoutes, type ReadinessCheck } from './health.routes.ts';
import { answerUndeclaredMethods, errorHandling, type KnownErrorMapper } from './error-handling.ts';
import { openApi, type OpenApiOptions } from './openapi.ts';
import { securityHeaders } from './security-headers.ts';
import { answerClientError, answerFrameworkError, requestLimits } from './request-limits.ts';

declare module 'fastify' {
  interface FastifyRequest {
    span: Span;
  }
}

export interface HttpServerOptions {
  service: string;
  /** The service's LOG_LEVEL, as its configuration read it; `info` when not given (tests). */
  logLevel?: LogLevel;
  readiness: ReadinessCheck[];
  bodyLimitBytes?: number;
  /** The service's own errors that have an answer of their own (a dependency away is a 503, say). */
  knownErrors?: KnownErrorMapper;
  /**
   * Serves the OpenAPI document of every route at /openapi.json and browsable docs at /docs. Routes must be added
   * through `app.register(...)` (or once it has been awaited): one added straight on the returned app, before its
   * plugins have loaded, goes undocumented.
   */
  openapi?: OpenApiOptions;
  /**
   * The hops (addresses, CIDR ranges) whose `X-Forwarded-For` names the client: `request.ip`, and so every per-address
   * limit and record, is then the address the nearest untrusted hop was seen from. Without any, the header is ignored.
   */
  trustedProxies?: readonly string[];
  /** HTTPS; with a client CA, a client without a certificate it signed fails the handshake (mTLS). */
  tls?: TlsServerSettings | undefined;
}

export function createHttpServer(options: HttpServerOptions) {
  const logLevel = options.logLevel ?? 'info';
  const logger: FastifyBaseLogger = createLogger(options.service, logLevel);
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024,
    routerOptions: { maxParamLength: 512 },
    requestIdHeader: false,
    trustProxy: options.trustedProxies?.length ? [...options.trustedProxies] : false,
    genReqId: requestIds(),
    // A URL can carry a credential (django-tokenapi puts one in the path): log the route, never the raw URL.
    logController: new LogController({ disableRequestLogging: true }),
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    return503OnClosing: true,
    // Unknown fields are refused (400), not silently dropped: a client that misspells one must hear of it.
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildValidator: typedBodies() } },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    ...(options.tls && { https: httpsOptions(options.tls) }),
  });
  traceRequests(app, options.service, createAccessLogger(options.service, logLevel));
  errorHandling(app, options.knownErrors);
  requestLimits(app);
  securityHeaders(app);
  answerUndeclaredMethods(app);
  if (options.openapi) app.register(openApi, options.openapi);
  app.register(healthRoutes, { checks: options.readiness });
  return app.withTypeProvider<TypeBoxTypeProvider>();
}

export type HttpServer = ReturnType<typeof createHttpServer>;

function httpsOptions(tls: TlsServerSettings) {
  const mutual = tls.clientCa !== undefined;
  return { cert: tls.cert, key: tls.key, ...(mutual && { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true }) };
}

/**
 * A query string, path or header is text, so its `true` and `42` are read as the boolean and number its schema names.
 * A body is not: `{"token": 0}` is refused where the schema says string, not turned into "0" and let through. (The
 * form bodies clients send, django-tokenapi's and Frappe's, carry strings only.)
 */
function typedBodies(): AjvCompiler.BuildCompilerFromPool {
  const compilers = AjvCompiler();
  return (externalSchemas, options) => {
    const coercing = compilers(externalSchemas, options);
    const exact = compilers(externalSchemas, { ...options, customOptions: { ...options?.customOptions, coerceTypes: false } } as typeof options);
    return ((route: { httpPart?: string }) => (route.httpPart === 'body' ? exact : coercing)(route as never)) as typeof coercing;
  };
}

/**
 * One span per request, continuing the caller's W3C trace. The rest of the request's lifecycle runs inside the
 * span's context, so log lines carry its trace id and outgoing gRPC calls continue the trace.
 */
function traceRequests(app: FastifyInstance, service: string, accessLog: FastifyBaseLogger): void {
  const tracer = trace.getTracer(service);
  const duration = metrics.getMeter(service).createHistogram('http.server.request.duration', { unit: 's', description: 'Duration of HTTP requests' });
  app.decorateRequest('span', undefined as unknown as Span);
  app.addHook('onRequest', (request, reply, done) => {
    const parent = propagation.extract(context.active(), request.headers);
    request.span = tracer.startSpan(`${request.method} ${request.routeOptions.url ?? 'unmatched'}`, { kind: SpanKind.SERVER }, parent);
    reply.header('x-request-id', request.id);
    context.with(trace.setSpan(parent, request.span), done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) request.span.setStatus({ code: SpanStatusCode.ERROR });
    request.span.end();
    duration.record(reply.elapsedTime / 1000, {
      'http.request.method': request.method,
      'http.route': request.routeOptions.url ?? 'unmatched',
      'http.response.status_code': reply.statusCode,
    });
    accessLog.info(
      { req_id: request.id, method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
    done();
  });
}

/**
 * Request ids unique per process (a random prefix) and across them, without a call into the random source per
 * request, which cost a tenth of a bare request. They name a request in logs; they are no secret.
 */
function requestIds(): () => string {
  const prefix = randomBytes(6).toString('hex');
  let next = 0;
  return () => `req_${prefix}${(next++).toString(16).padStart(12, '0')}`;
}

export async function listen(app: FastifyInstance, address: HostPort): Promise<string> {
  return app.listen({ host: address.host, port: address.port });
}
