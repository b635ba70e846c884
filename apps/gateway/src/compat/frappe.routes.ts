import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { status } from '@grpc/grpc-js';
import { Type, type TSchema } from 'typebox';
import { absentBodyIsEmpty } from '@tessera/http';
import { credentialParameters, onBehalfOf, type GatewayResource } from '../auth/authenticate.ts';
import { ErrorBody } from '../errors.ts';
import type { TokenServiceClient } from '@tessera/token-service-client';
import { asFrappeRefusal, frappeArguments, frappeRefusal, frappeRefusalResponses } from './frappe.protocol.ts';

// Frappe passes a method only the arguments it takes and drops the rest (a jQuery `_`, a `cmd`): so do these routes.
const Arguments = <Properties extends Record<string, TSchema>>(properties: Properties) => Type.Object(properties, { additionalProperties: true });

const NoArguments = Arguments(credentialParameters);
const NamedUser = Arguments({
  // Frappe's `user` names whom the key is for (it is not django-tokenapi's user of the token presented).
  user: Type.Optional(Type.String({ maxLength: 256, description: 'Needed, in the query string or the body: the user\'s id, username or email; JSON-quoted ("admin") as Frappe\'s guide writes it, or bare' })),
});
const LoggedUser = Type.Object({ message: Type.String({ description: 'The username' }) });
const GeneratedKeys = Type.Object({
  message: Type.Object({
    api_key: Type.String({ description: 'Stable: generated once per user' }),
    api_secret: Type.String({ description: 'Shown this once; generating again replaces it' }),
  }),
});
const answers = <Success extends TSchema>(success: Success) => ({ 200: success, ...frappeRefusalResponses, 503: ErrorBody });

const getLoggedUser = 'frappe.auth.get_logged_user';
const generateKeys = 'frappe.core.doctype.user.user.generate_keys';
// Frappe's whitelist lets a method be called with GET, POST, PUT and DELETE unless it names its own. Current Frappe
// names POST alone for generate_keys, but the documented RPC form (the seed, and Frappe up to v13) is a GET with
// `?user=`, which scripts written against those docs still send. A GET cannot be forged cross-site here: a session
// cookie, which a browser would send along, does not authenticate that GET (`changesOnGet`); only a header does.
const allowedMethods = new Map<string, readonly HTTPMethods[]>([
  [getLoggedUser, ['GET', 'POST', 'PUT', 'DELETE']],
  [generateKeys, ['GET', 'POST']],
]);

/**
 * Frappe's two methods, so its clients work unchanged: at `/api/method/<method>` with or without a trailing slash
 * (Frappe's own Python client adds one), arguments from the query string, a form or JSON, answers
 * `{"message": ...}` and refusals in Frappe's shape. Every credential form works here, Frappe's own `token key:secret`
 * and `Basic` included. Any other method under /api/method that no other route (a proxied Frappe, say) takes is
 * refused as Frappe refuses a method it cannot find.
 */
export const frappeRoutes: FastifyPluginAsyncTypebox<{ tokenService: TokenServiceClient }> = async (app, { tokenService }) => {
  app.addHook('preSerialization', asFrappeRefusal);

  // Fastify takes no body schema for GET: it gets a route of its own. `resource` is what the method acts on, for a
  // token's policy.
  const route = (
    name: string,
    resource: GatewayResource,
    shape: { success: TSchema; arguments: TSchema; changesOnGet?: true },
    handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ) => {
    const methods = allowedMethods.get(name)!;
    const bodyless = methods.filter((method) => method === 'GET');
    const withBody = methods.filter((method) => method !== 'GET');
    const response = answers(shape.success);
    for (const url of [`/api/method/${name}`, `/api/method/${name}/`]) {
      if (bodyless.length > 0) app.route({ method: bodyless, url, config: { resource, ...(shape.changesOnGet && { changesOnGet: true }) }, schema: { querystring: shape.arguments, response }, handler });
      if (withBody.length > 0) {
        app.route({ method: withBody, url, config: { resource }, preValidation: absentBodyIsEmpty, schema: { querystring: shape.arguments, body: shape.arguments, response }, handler });
      }
    }
  };

  route(getLoggedUser, 'account', { success: LoggedUser, arguments: NoArguments }, async (request) => ({ message: request.identity!.user.username }));

  route(generateKeys, 'admin', { success: GeneratedKeys, arguments: NamedUser, changesOnGet: true }, async (request, reply) => {
    // The schemas let through a string or nothing; `""` names nobody either.
    const named = frappeArguments(request)['user'];
    if (typeof named !== 'string' || named === '') {
      // Frappe calls the method without it, and Python refuses the call (Frappe answers that 500; not a server fault).
      return reply.code(417).send(frappeRefusal('TypeError', { code: 'validation_error', message: "generate_keys() missing 1 required positional argument: 'user'" }));
    }
    const caller = onBehalfOf(request);
    const user = await tokenService.getUser(caller, { login: named }).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === status.NOT_FOUND) return undefined;
      throw error;
    });
    if (!user) return reply.code(404).send(frappeRefusal('DoesNotExistError', { code: 'object_not_found', message: `User ${named} not found` }));
    const generated = await tokenService.generateApiKey(caller, { user_id: user.id });
    request.log.info({ api_key: generated.api_key, user_id: user.id }, 'API key secret generated');
    return { message: { api_key: generated.api_key, api_secret: generated.api_secret } };
  });

  await app.register(
    async (methods) => {
      // The caller is authenticated first, as Frappe does before finding a method. No policy is asked: these answers
      // act on nothing and tell only that the method is not here.
      methods.addHook('preValidation', app.authenticate);
      methods.setNotFoundHandler(async (request, reply) => {
        const name = new URL(request.url, 'http://gateway').pathname.slice('/api/method/'.length).replace(/\/$/, '');
        // No method named at all: Frappe's router finds no route.
        if (name === '') return reply.code(404).send(frappeRefusal('DoesNotExistError', { code: 'not_found', message: 'Name the method: /api/method/<method>' }));
        const message = `Failed to get method for command ${name} with No such method here (this gateway answers ${[...allowedMethods.keys()].join(' and ')})`;
        return reply.code(417).send(frappeRefusal('ValidationError', { code: 'validation_error', message }));
      });
    },
    { prefix: '/api/method' },
  );
};
