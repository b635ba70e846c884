import { Type } from 'typebox';
import { hostPort, integer, json, loadConfig, secret } from '@tessera/config';
import { OAuth2Provider } from './providers/providers.ts';

export const gatewayConfigSpec = {
  httpAddress: hostPort('GATEWAY_HTTP_ADDRESS', '127.0.0.1:8080'),
  tokenServiceAddress: hostPort('TOKEN_SERVICE_ADDRESS', '127.0.0.1:50051'),
  serviceSecret: secret('TESSERA_SERVICE_SECRET', { minLength: 32 }),
  tokenServiceTimeoutMs: integer('TOKEN_SERVICE_TIMEOUT_MS', { fallback: 5_000, min: 100, max: 60_000 }),
  oauth2Providers: json('GATEWAY_OAUTH2_PROVIDERS', Type.Array(OAuth2Provider, { maxItems: 20 }), []),
};

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(gatewayConfigSpec, env);
export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
