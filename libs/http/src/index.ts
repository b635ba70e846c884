export { createHttpServer, listen, type HttpServer, type HttpServerOptions } from './http-server.ts';
export type { ReadinessCheck } from './health.routes.ts';
export type { KnownErrorMapper } from './error-handling.ts';
export type { OpenApiOptions } from './openapi.ts';
export type { CredentialScheme } from './credential-schemes.ts';
export { ErrorBody } from './error-body.ts';
export { NoQuery } from './no-query.ts';
export { Text } from './text.ts';
export { absentBodyIsEmpty } from './absent-body.ts';
