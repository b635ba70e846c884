/** The ways a caller presents a Tessera credential, as OpenAPI security schemes; a service names those it accepts. */
export const credentialSchemes = {
  token: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'A token: `Token <token>` (or `token <token>`), or an API key: `token <api_key>:<api_secret>`.',
  },
  bearer: { type: 'http', scheme: 'bearer', description: 'A token: `Bearer <token>`.' },
  basic: { type: 'http', scheme: 'basic', description: 'The user id or username with a token as its password, or an API key with its secret.' },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'tessera_session',
    description:
      "The gateway's session cookie (`__Host-tessera_session` over TLS), set by POST /console/session or Frappe's login, on the gateway's own routes only; its unsafe requests need the session's CSRF token in X-CSRF-Token.",
  },
} as const;

export type CredentialScheme = keyof typeof credentialSchemes;
