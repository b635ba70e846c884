import { Type, type Static } from 'typebox';

/** An SSO provider as QFieldCloud lists it (django-allauth's OAuth2 settings, seen from the client). */
export const OAuth2Provider = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9_-]{1,50}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    grant_flow: Type.Union([Type.Literal(0), Type.Literal(3)], { description: '0: authorization code, 3: authorization code with PKCE' }),
    scope: Type.String({ maxLength: 500 }),
    pkce_enabled: Type.Boolean(),
    token_url: Type.String({ format: 'uri' }),
    refresh_token_url: Type.String({ format: 'uri' }),
    request_url: Type.String({ format: 'uri' }),
    redirect_host: Type.String({ maxLength: 255 }),
    redirect_port: Type.Integer({ minimum: 0, maximum: 65535 }),
    redirect_url: Type.String({ maxLength: 500 }),
    client_id: Type.String({ minLength: 1, maxLength: 255 }),
  },
  { additionalProperties: false },
);
export type OAuth2Provider = Static<typeof OAuth2Provider>;

export const credentialsProvider = { type: 'credentials', id: 'credentials', name: 'Username / Password' } as const;
