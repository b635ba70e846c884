import { hostPort, integer, loadConfig, secret } from '@tessera/config';

export const gatewayConfigSpec = {
  httpAddress: hostPort('GATEWAY_HTTP_ADDRESS', '127.0.0.1:8080'),
  tokenServiceAddress: hostPort('TOKEN_SERVICE_ADDRESS', '127.0.0.1:50051'),
  serviceSecret: secret('TESSERA_SERVICE_SECRET', { minLength: 32 }),
  tokenServiceTimeoutMs: integer('TOKEN_SERVICE_TIMEOUT_MS', { fallback: 5_000, min: 100, max: 60_000 }),
};

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(gatewayConfigSpec, env);
export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
