import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { absentBodyIsEmpty } from '../absent-body.ts';
import { onBehalfOf, onlyDeclaredInput } from '../auth/authenticate.ts';
import { refusalResponses } from '../errors.ts';
import type { TokenServiceClient } from '@tessera/token-service-client';

const LoggedUser = Type.Object({ message: Type.String() });
const NamedUser = Type.Object(
  {
    // Frappe's `user` names whom the key is for; django-tokenapi's user and token parameters would read it as the
    // token's owner, so this route takes its credential from the Authorization header only.
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: 'The user\'s id, username or email' })),
  },
  { additionalProperties: false },
);
const GeneratedKeys = Type.Object({ message: Type.Object({ api_key: Type.String(), api_secret: Type.String() }) });

/**
 * Frappe's two methods, so its clients work unchanged: answers are `{"message": ...}`. Every credential form works
 * here, Frappe's own `token key:secret` and `Basic` included.
 */
export const frappeRoutes: FastifyPluginAsyncTypebox<{ tokenService: TokenServiceClient }> = async (app, { tokenService }) => {
  onlyDeclaredInput(app);
  app.addHook('preValidation', app.authenticate);

  app.get('/api/method/frappe.auth.get_logged_user', { schema: { response: { 200: LoggedUser, ...refusalResponses } } }, async (request) => ({
    message: request.identity!.user.username,
  }));

  app.post(
    '/api/method/frappe.core.doctype.user.user.generate_keys',
    { preValidation: absentBodyIsEmpty, schema: { body: NamedUser, querystring: NamedUser, response: { 200: GeneratedKeys, ...refusalResponses } } },
    async (request, reply) => {
      // Frappe reads its arguments from the form or the query string alike.
      const named = request.body.user ?? request.query.user;
      if (!named) return reply.code(400).send({ code: 'validation_error', message: 'Name the user: user=<id, username or email>.' });
      const caller = onBehalfOf(request);
      const user = await tokenService.getUser(caller, { login: named });
      const generated = await tokenService.generateApiKey(caller, { user_id: user.id });
      request.log.info({ api_key: generated.api_key, user_id: user.id }, 'API key secret generated');
      return { message: { api_key: generated.api_key, api_secret: generated.api_secret } };
    },
  );
};
