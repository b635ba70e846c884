import swagger, { type SwaggerTransform } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
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
    await app.register(swagger, { openapi: documentOf(options), transform: withErrorAnswer });
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
const withErrorAnswer: SwaggerTransform = ({ schema, url }) => {
  if (!schema) return { url, schema };
  const response = schema.response as Record<string, unknown> | undefined;
  const input = Object.fromEntries(inputParts.filter((part) => schema[part] !== undefined).map((part) => [part, defaultsOptional(schema[part])]));
  return { url, schema: { ...schema, ...input, ...(response && { response: { ...response, default: response.default ?? ErrorAnswer } }) } };
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
