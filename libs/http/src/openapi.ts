import swagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { takesAbsentBody } from './absent-body.ts';
import { ErrorBody } from './error-body.ts';
import { credentialSchemes, type CredentialScheme } from './credential-schemes.ts';
import { docsContentSecurityPolicy } from './security-headers.ts';

export interface OpenApiOptions {
  title: string;
  version: string;
  description: string;
  /** The credential forms the service's routes accept. */
  credentials?: readonly CredentialScheme[];
}

const ErrorAnswer = Type.Object(ErrorBody.properties, {
  'x-response-description': 'Any other status: the `{code, message}` that every refusal and failure answers with',
});

/**
 * The OpenAPI 3.1 document of every route, built from the routes' own schemas, at `GET /openapi.json`, and swagger-ui
 * at `/docs`. It must be registered before any route, as it learns of routes when they are added.
 */
export const openApi = fp<OpenApiOptions>(
  async (app, options) => {
    await app.register(swagger, { openapi: documentOf(options), transform: withErrorAnswer, transformObject: withOptionalBodies });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: docsContentSecurityPolicy });
    app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  },
  { name: 'tessera-openapi' },
);

function documentOf({ title, version, description, credentials = [] }: OpenApiOptions) {
  return {
    // 3.1 is JSON Schema 2020-12, as TypeBox writes it: `{type: 'null'}` needs no translating.
    openapi: '3.1.0',
    info: { title, version, description },
    tags: [{ name: 'health', description: 'Liveness and readiness, for orchestrators' }],
    components: { securitySchemes: Object.fromEntries(credentials.map((name) => [name, credentialSchemes[name]])) },
    // Some routes need a credential and some do not (their 401 answers tell which): every form, or none, is offered,
    // so the docs page can send one.
    ...(credentials.length > 0 && { security: [...credentials.map((name) => ({ [name]: [] })), {}] }),
  };
}

/**
 * Every route may answer a validation error, a 404 or a 5xx in the shared error shape, beyond the statuses it lists.
 * TypeBox's own keys (`~kind`, `~refine`, ...) are not enumerable, so the document never sees them.
 */
const withErrorAnswer: SwaggerTransform = ({ schema, url, route }) => {
  if (!schema) return { url, schema };
  const response = schema.response as Record<string, unknown> | undefined;
  const input = Object.fromEntries(inputParts.filter((part) => schema[part] !== undefined).map((part) => [part, defaultsOptional(schema[part])]));
  const bodyMayBeAbsent = schema.body !== undefined && takesAbsentBody(route);
  return {
    url,
    schema: {
      ...schema,
      ...input,
      ...(response && { response: { ...response, default: response.default ?? ErrorAnswer } }),
      ...(bodyMayBeAbsent && { [optionalBodyMark]: true }),
    },
  };
};

// @fastify/swagger marks every body required, and copies `x-` keys of a route's schema onto its operation: the mark
// carries "this body may be left out" from the route to the finished document, where it becomes `required: false`.
const optionalBodyMark = 'x-tessera-optional-body';

type Operation = Record<string, unknown> & { requestBody?: { required?: boolean } };

const withOptionalBodies: SwaggerTransformObject = (document) => {
  const openapi = 'openapiObject' in document ? document.openapiObject : document.swaggerObject;
  for (const operations of Object.values(openapi.paths ?? {}) as Array<Record<string, Operation>>) {
    for (const operation of Object.values(operations)) {
      if (typeof operation !== 'object' || !(optionalBodyMark in operation)) continue;
      delete operation[optionalBodyMark];
      if (operation.requestBody) operation.requestBody.required = false;
    }
  }
  return openapi;
};

const inputParts = ['body', 'querystring', 'params', 'headers'] as const;

interface ObjectSchema {
  properties: Record<string, unknown>;
  required?: string[];
}

/**
 * Fastify fills in a missing field that has a default before it validates, so to a client that field is optional,
 * whatever TypeBox lists as required. The route's own schema is left as it is: this is the document's copy.
 */
function defaultsOptional(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || !('properties' in schema)) return schema;
  const { properties, required, ...rest } = schema as ObjectSchema;
  const stillRequired = required?.filter((name) => (properties[name] as { default?: unknown } | undefined)?.default === undefined);
  return {
    ...rest,
    properties: Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, defaultsOptional(property)])),
    ...(stillRequired?.length ? { required: stillRequired } : {}),
  };
}
