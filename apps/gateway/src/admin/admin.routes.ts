import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ClientTypeSchema, EmailSchema, RoleSchema, UserIdSchema, UsernameSchema, type LoginLockout__Output, type User__Output } from '@tessera/contracts';
import { absentBodyIsEmpty, Text } from '@tessera/http';
import { credentialParameters, onBehalfOf, onlyDeclaredInput } from '../auth/authenticate.ts';
import { refusalResponses } from '../errors.ts';
import { listTokenViews, revokeTokenView, tokenIdParams, type TokenRoutesOptions } from '../tokens/tokens.routes.ts';
import { TokenView } from '../tokens/token-view.ts';

const UserView = Type.Object({
  pk: Type.String(),
  username: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  roles: Type.Array(Type.String()),
  active: Type.Boolean(),
});
const NewUser = Type.Object(
  {
    username: UsernameSchema,
    email: EmailSchema,
    password: Text({ minLength: 8, maxLength: 1024 }),
    first_name: Type.Optional(Text({ maxLength: 150 })),
    last_name: Type.Optional(Text({ maxLength: 150 })),
    roles: Type.Optional(Type.Array(RoleSchema, { maxItems: 2, uniqueItems: true })),
    ...credentialParameters,
  },
  { additionalProperties: false },
);
const UserParams = Type.Object({ user_id: UserIdSchema });
const Deactivation = Type.Object({ reason: Type.Optional(Text({ minLength: 1, maxLength: 255 })), ...credentialParameters }, { additionalProperties: false });
const TokenFilter = Type.Object(
  { user_id: Type.Optional(UserIdSchema), client_type: Type.Optional(ClientTypeSchema), include_invalid: Type.Boolean({ default: false }), ...credentialParameters },
  { additionalProperties: false },
);
const ExpireTokens = Type.Object({ user_id: UserIdSchema, client_type: Type.Optional(ClientTypeSchema), ...credentialParameters }, { additionalProperties: false });
const GeneratedKey = Type.Object({
  api_key: Type.String(),
  api_secret: Type.String({ description: 'Shown this once; generating again replaces it' }),
  user_id: Type.String(),
});

const LockoutParams = Type.Object({ login: Text({ minLength: 1, maxLength: 254, description: 'A username (any case), an email or a user id' }) });
const LockoutView = Type.Object(
  {
    user_id: Type.String(),
    failures: Type.Integer({ description: 'Failed logins counted against the account, from every address, within the lockout period' }),
    locked: Type.Boolean({ description: 'Whether any lock holds: at every address, or at some' }),
    locked_everywhere: Type.Boolean({ description: "The account's own limit is reached: locked at every address" }),
    locked_addresses: Type.Integer({ description: 'Addresses at which the account is locked; not named, as only their digests are kept' }),
    locked_until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the last lock ends; null when none holds' }),
  },
  { description: 'A user\'s login lockout (ADR 5). Lifting answers it as it was before.' },
);

const lockoutView = (lockout: LoginLockout__Output) => ({
  user_id: lockout.user_id,
  failures: lockout.failures,
  locked: lockout.locked_until !== '',
  locked_everywhere: lockout.locked_everywhere,
  locked_addresses: lockout.locked_addresses,
  locked_until: lockout.locked_until || null,
});

const userView = (user: User__Output) => ({
  pk: user.id,
  username: user.username,
  email: user.email,
  first_name: user.first_name,
  last_name: user.last_name,
  roles: user.roles,
  active: user.active,
});

/**
 * Users, everyone's tokens and API keys, for admins. The token service decides who is an admin; the gateway's early
 * refusal only spares it the call.
 */
export const adminRoutes: FastifyPluginAsyncTypebox<TokenRoutesOptions> = async (app, options) => {
  onlyDeclaredInput(app);
  const { tokenService } = options;
  app.addHook('preValidation', async (request, reply) => {
    if (!request.identity?.user.roles.includes('admin')) {
      return reply.code(403).send({ code: 'permission_denied', message: 'You do not have permission to perform this action.' });
    }
  });

  app.post('/api/v1/admin/users/', { config: { resource: 'admin' }, schema: { body: NewUser, response: { 201: UserView, ...refusalResponses } } }, async (request, reply) => {
    const { username, email, password, first_name = '', last_name = '', roles = ['user'] } = request.body;
    const user = await tokenService.createUser(onBehalfOf(request), { username, email, password, first_name, last_name, roles });
    return reply.code(201).send(userView(user));
  });

  app.get('/api/v1/admin/users/:user_id/', { config: { resource: 'admin' }, schema: { params: UserParams, response: { 200: UserView, ...refusalResponses } } }, async (request) =>
    userView(await tokenService.getUser(onBehalfOf(request), { user_id: request.params.user_id })),
  );

  app.post(
    '/api/v1/admin/users/:user_id/deactivate/',
    { config: { resource: 'admin' }, preValidation: absentBodyIsEmpty, schema: { params: UserParams, body: Deactivation, response: { 200: UserView, ...refusalResponses } } },
    async (request) => {
      const reason = request.body.reason ?? 'deactivated by an administrator';
      return userView(await tokenService.deactivateUser(onBehalfOf(request), { user_id: request.params.user_id, reason }));
    },
  );

  app.post('/api/v1/admin/users/:user_id/reactivate/', { config: { resource: 'admin' }, schema: { params: UserParams, response: { 200: UserView, ...refusalResponses } } }, async (request) =>
    userView(await tokenService.reactivateUser(onBehalfOf(request), { user_id: request.params.user_id })),
  );

  app.post('/api/v1/admin/users/:user_id/api-key/', { config: { resource: 'admin' }, schema: { params: UserParams, response: { 201: GeneratedKey, ...refusalResponses } } }, async (request, reply) => {
    const generated = await tokenService.generateApiKey(onBehalfOf(request), { user_id: request.params.user_id });
    request.log.info({ api_key: generated.api_key, user_id: generated.user_id }, 'API key secret generated');
    return reply.code(201).send(generated);
  });

  app.get('/api/v1/admin/lockouts/:login/', { config: { resource: 'admin' }, schema: { params: LockoutParams, response: { 200: LockoutView, ...refusalResponses } } }, async (request) =>
    lockoutView(await tokenService.getLoginLockout(onBehalfOf(request), { login: request.params.login })),
  );

  // Forgets the failed logins, so the user may sign in at once; recorded in the audit log as LoginLockoutLifted.
  app.delete('/api/v1/admin/lockouts/:login/', { config: { resource: 'admin' }, schema: { params: LockoutParams, response: { 200: LockoutView, ...refusalResponses } } }, async (request) =>
    lockoutView(await tokenService.liftLoginLockout(onBehalfOf(request), { login: request.params.login })),
  );

  app.get('/api/v1/admin/tokens/', { config: { resource: 'admin' }, schema: { querystring: TokenFilter, response: { 200: Type.Array(TokenView), ...refusalResponses } } }, (request) =>
    listTokenViews(options, request, {
      user_id: request.query.user_id ?? '',
      all_users: request.query.user_id === undefined,
      client_type: request.query.client_type ?? '',
      include_invalid: request.query.include_invalid,
    }),
  );

  app.post('/api/v1/admin/tokens/expire/', { config: { resource: 'admin' }, schema: { body: ExpireTokens, response: { 200: Type.Object({ expired: Type.Integer() }), ...refusalResponses } } }, async (request) => {
    const { revoked } = await tokenService.revokeAllTokens(onBehalfOf(request), { user_id: request.body.user_id, client_type: request.body.client_type ?? '' });
    return { expired: revoked };
  });

  app.delete('/api/v1/admin/tokens/:token_id/', { config: { resource: 'admin' }, schema: { params: tokenIdParams, response: { 200: TokenView, ...refusalResponses } } }, (request) =>
    revokeTokenView(options, request, request.params.token_id, 'revoked by an administrator'),
  );
};
