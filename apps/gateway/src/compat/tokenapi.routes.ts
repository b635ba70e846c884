import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { absentBodyIsEmpty, Text } from '@tessera/http';
import { tooManyFailedLogins } from '@tessera/domain';
import { endClient } from '../auth/authenticate.ts';
import { attemptLogin, type LoginDependencies } from '../auth/attempt-login.ts';

const Failure = Type.Object({ success: Type.Literal(false), errors: Type.String() });
// Django hands the view `request.POST` and `request.GET` whole: fields it does not read are no error there, so a
// client that sends more (a device id, a cache-busting query) must not be refused here either.
const Ignored = Type.Object({}, { description: 'ignored, as django-tokenapi ignores it' });
const NewTokenBody = Type.Object({
  username: Type.Optional(Text({ maxLength: 254 })),
  password: Type.Optional(Text({ maxLength: 1024 })),
});
const NewToken = Type.Object({ success: Type.Literal(true), token: Type.String(), user: Type.String() });
const Checked = Type.Object({ success: Type.Literal(true) });

/**
 * django-tokenapi's two views, so its clients work unchanged: the same paths, methods, statuses and bodies. Its
 * refusals are `{"success": false, "errors": ...}` with the status its views give (401, 405), not the gateway's
 * `{code, message}`.
 */
export const tokenapiRoutes: FastifyPluginAsyncTypebox<LoginDependencies> = async (app, dependencies) => {
  const { tokenService } = dependencies;
  app.post(
    '/token/new.json',
    {
      config: { rateLimit: dependencies.rateLimit },
      preValidation: absentBodyIsEmpty,
      schema: { querystring: Ignored, body: NewTokenBody, response: { 200: NewToken, 401: Failure } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      if (!username || !password) return reply.code(401).send(failure("Must include 'username' and 'password' as POST parameters."));
      const outcome = await attemptLogin(dependencies, { login: username, password, ...endClient(request) });
      if (outcome.kind === 'locked') return reply.code(401).send(failure(tooManyFailedLogins.message));
      if (outcome.kind === 'refused') return reply.code(401).send(failure('Unable to log you in, please try again.'));
      const { user, token } = outcome.response;
      return { success: true as const, token: token!.token, user: user!.id };
    },
  );
  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/token/new.json',
    schema: { hide: true },
    handler: async (_request, reply) => reply.code(405).header('allow', 'POST').send(failure('Must access via a POST request.')),
  });

  // `/token/<token>/<user>.json`, by GET or POST as Django routes it (a body, like a query, is ignored). The router
  // cannot end a parameter at a dot: a last segment without the suffix is a path Django would not know either.
  const params = Type.Object({ token: Type.String({ maxLength: 256 }), userJson: Type.String({ maxLength: 260 }) });
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/token/:token/:userJson',
      ...(method === 'POST' && { preValidation: absentBodyIsEmpty }),
      schema: { querystring: Ignored, ...(method === 'POST' && { body: Ignored }), params, response: { 200: Checked, 401: Failure } },
      handler: async (request, reply) => {
        if (!request.params.userJson.endsWith('.json')) return reply.callNotFound();
        const user = request.params.userJson.slice(0, -'.json'.length);
        const verdict = await tokenService.validate({ token: request.params.token }, endClient(request));
        const matches = verdict.valid && (verdict.user?.id === user || verdict.user?.username === user);
        return matches ? { success: true as const } : reply.code(401).send(failure('Token did not match user.'));
      },
    });
  }
};

/** django-tokenapi's refusal body, whatever its status. */
export const failure = (errors: string) => ({ success: false as const, errors });
