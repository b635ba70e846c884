import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NoQuery } from '../errors.ts';
import { credentialsProvider, OAuth2Provider } from './providers.ts';

// One flat shape for both kinds, as QFieldCloud's clients read it: the OAuth2 fields are present for oauth2 only.
const Provider = Type.Object({
  ...Type.Partial(OAuth2Provider).properties,
  type: Type.Union([Type.Literal('credentials'), Type.Literal('oauth2')]),
  id: Type.String(),
  name: Type.String(),
});

/** QFieldCloud's sign-in options: username and password first, then the configured SSO providers. No credential needed. */
export const providersRoutes: FastifyPluginAsyncTypebox<{ oauth2Providers: readonly OAuth2Provider[] }> = async (app, { oauth2Providers }) => {
  const providers = [credentialsProvider, ...oauth2Providers.map((provider) => ({ type: 'oauth2' as const, ...provider }))];
  app.get('/api/v1/auth/providers/', { schema: { querystring: NoQuery, response: { 200: Type.Array(Provider) } } }, async () => providers);
};
