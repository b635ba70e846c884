import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { endClient } from '../auth/authenticate.ts';
import { attemptLogin, type LoginDependencies } from '../auth/attempt-login.ts';
import { NoQuery, tooManyFailures } from '../errors.ts';

const Failure = Type.Object({ success: Type.Literal(false), errors: Type.String() });
const NewTokenBody = Type.Object(
  { username: Type.Optional(Type.String({ maxLength: 254 })), password: Type.Optional(Type.String({ maxLength: 1024 })) },
  { additionalProperties: false },
);
const NewToken = Type.Object({ success: Type.Literal(true), token: Type.String(), user: Type.String() });
const Checked = Type.Object({ success: Type.Literal(true) });

/**
 * django-tokenapi's two views, so its clients work unchanged. Like the original, refusals are `{"success": false,
 * "errors": ...}` with status 200: its clients read `success`, not the status.
 */
export const tokenapiRoutes: FastifyPluginAsyncTypebox<LoginDependencies> = async (app, dependencies) => {
  const { tokenService } = dependencies;
  app.post('/token/new.json', { config: { rateLimit: dependencies.rateLimit }, schema: { querystring: NoQuery, body: NewTokenBody, response: { 200: Type.Union([NewToken, Failure]) } } }, async (request) => {
    const { username, password } = request.body;
    if (!username || !password) return failure("Must include 'username' and 'password' as POST parameters.");
    const outcome = await attemptLogin(dependencies, { login: username, password, ...endClient(request) });
    if (outcome.kind === 'locked') return failure(tooManyFailures.message);
    if (outcome.kind === 'refused') return failure('Unable to log you in, please try again.');
    const { user, token } = outcome.response;
    return { success: true as const, token: token!.token, user: user!.id };
  });

  // `/token/<token>/<user>.json`: the suffix is checked here, as the router cannot end a parameter at a dot.
  app.get(
    '/token/:token/:userJson',
    {
      schema: {
        querystring: NoQuery,
        params: Type.Object({ token: Type.String({ maxLength: 256 }), userJson: Type.String({ maxLength: 260, pattern: '\\.json$' }) }),
        response: { 200: Type.Union([Checked, Failure]) },
      },
    },
    async (request) => {
      const user = request.params.userJson.slice(0, -'.json'.length);
      const verdict = await tokenService.validate({ token: request.params.token }, endClient(request));
      const matches = verdict.valid && (verdict.user?.id === user || verdict.user?.username === user);
      return matches ? { success: true as const } : failure('Token did not match user.');
    },
  );
};

const failure = (errors: string) => ({ success: false as const, errors });
