import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  serviceSecretHeader,
  type CreateUserRequest,
  type CredentialUses,
  type DeactivateUserRequest,
  type GenerateApiKeyRequest,
  type GenerateApiKeyResponse__Output,
  type GetUserRequest,
  type LoginLockout__Output,
  type LoginLockoutRequest,
  type IssueTokenRequest,
  type IssueTokenResponse__Output,
  type ListTokensRequest,
  type ListTokensResponse__Output,
  type LoginResponse__Output,
  type LogoutResponse__Output,
  type ReactivateUserRequest,
  type RevokeAllTokensRequest,
  type RevokeAllTokensResponse__Output,
  type RevokeTokenRequest,
  type Token__Output,
  type User__Output,
  type ValidateResponse__Output,
} from '@tessera/contracts';
import pRetry from 'p-retry';
import { StartupError, type HostPort, type TlsClientSettings } from '@tessera/config';
import { currentTraceCarrier } from '@tessera/telemetry';
import { tesseraRpc, type RpcMethod, type RpcRequest, type TesseraService } from './tessera-rpc.ts';

/** The end client, as the gateway saw it: recorded with the credential's use. */
export interface EndClient {
  userAgent: string;
  ip: string;
}

/** The end client of an HTTP request, as the token service records it: a User-Agent cut to the length events keep. */
export const endClientOf = (request: { headers: { 'user-agent'?: string | undefined }; ip: string }): EndClient => ({
  userAgent: (request.headers['user-agent'] ?? '').slice(0, 1024),
  ip: request.ip,
});

export type CheckedCredential = { token: string } | { apiKey: string; secret: string };

/** A call made for a user: it carries the user's own credential, so the token service decides what they may do. */
export interface OnBehalfOf {
  credential: CheckedCredential;
  client: EndClient;
}

/** The gateway's only way to the token service. Every call has a deadline: a stalled service is a 503, not a hang. */
export interface TokenServiceClient {
  login(request: { login: string; password: string; clientType?: 'browser' } & EndClient): Promise<LoginResponse__Output>;
  validate(credential: CheckedCredential, client: EndClient): Promise<ValidateResponse__Output>;
  /** Uses answered from the caller's own memory of Validate's answers, counted like Validate's own. */
  recordUses(uses: CredentialUses[]): Promise<void>;
  logout(caller: OnBehalfOf, everywhere: boolean): Promise<LogoutResponse__Output>;
  issueToken(caller: OnBehalfOf, request: IssueTokenRequest): Promise<IssueTokenResponse__Output>;
  listTokens(caller: OnBehalfOf, request: ListTokensRequest): Promise<ListTokensResponse__Output>;
  revokeToken(caller: OnBehalfOf, request: RevokeTokenRequest): Promise<Token__Output>;
  revokeAllTokens(caller: OnBehalfOf, request: RevokeAllTokensRequest): Promise<RevokeAllTokensResponse__Output>;
  createUser(caller: OnBehalfOf, request: CreateUserRequest): Promise<User__Output>;
  getUser(caller: OnBehalfOf, request: GetUserRequest): Promise<User__Output>;
  deactivateUser(caller: OnBehalfOf, request: DeactivateUserRequest): Promise<User__Output>;
  reactivateUser(caller: OnBehalfOf, request: ReactivateUserRequest): Promise<User__Output>;
  getLoginLockout(caller: OnBehalfOf, request: LoginLockoutRequest): Promise<LoginLockout__Output>;
  liftLoginLockout(caller: OnBehalfOf, request: LoginLockoutRequest): Promise<LoginLockout__Output>;
  generateApiKey(caller: OnBehalfOf, request: GenerateApiKeyRequest): Promise<GenerateApiKeyResponse__Output>;
  checkServing(): Promise<void>;
  close(): void;
}

export class TokenServiceUnavailable extends Error {
  constructor(cause: ServiceError, message = 'The token service is unavailable.') {
    super(message, { cause });
    this.name = 'TokenServiceUnavailable';
  }
}

/** The token service refuses the gateway itself: to clients it is as unavailable as a stopped one, never their 401. */
export class ServiceSecretRefused extends TokenServiceUnavailable {
  constructor(cause: ServiceError) {
    super(cause, 'The token service refuses the gateway\'s TESSERA_SERVICE_SECRET: give both the same value.');
    this.name = 'ServiceSecretRefused';
  }
}

/** `tls` undefined is clear text, which only development mode allows (see tokenServiceTls). */
export function createTokenServiceClient(address: HostPort, timeoutMs: number, serviceSecret: string, tls: TlsClientSettings | undefined): TokenServiceClient {
  const target = `${address.host}:${address.port}`;
  const rpc = tesseraRpc(target, tls);
  // A failed handshake looks like a service that is away: say which settings could be the cause.
  const overTls = tls ? ' over TLS (or its certificate is not one TOKEN_SERVICE_TLS_CA signed, or it refused TOKEN_SERVICE_TLS_CERT)' : '';

  const call = <S extends TesseraService, M extends RpcMethod<S>>(service: S, method: M, request: RpcRequest<S, M>, caller?: OnBehalfOf) =>
    rpc.call(service, method, request, callMetadata(serviceSecret, caller), timeoutMs).catch((error: ServiceError) => Promise.reject(classify(error)));
  const forCaller =
    <S extends TesseraService, M extends RpcMethod<S>>(service: S, method: M) =>
    (caller: OnBehalfOf, request: RpcRequest<S, M>) =>
      call(service, method, request, caller);

  return {
    login: ({ login, password, clientType, userAgent, ip }) => call('AuthService', 'Login', { login, password, client: { user_agent: userAgent, ip }, client_type: clientType ?? '' }),
    validate: (credential, client) =>
      call('ValidationService', 'Validate', {
        ...('token' in credential ? { token: credential.token } : { api_key: { api_key: credential.apiKey, api_secret: credential.secret } }),
        client: { user_agent: client.userAgent, ip: client.ip },
      }),
    recordUses: async (uses) => {
      await call('ValidationService', 'RecordUses', { uses });
    },
    logout: (caller, everywhere) => call('AuthService', 'Logout', { everywhere }, caller),
    issueToken: forCaller('TokenService', 'IssueToken'),
    listTokens: forCaller('TokenService', 'ListTokens'),
    revokeToken: forCaller('TokenService', 'RevokeToken'),
    revokeAllTokens: forCaller('TokenService', 'RevokeAllTokens'),
    createUser: forCaller('UserService', 'CreateUser'),
    getUser: forCaller('UserService', 'GetUser'),
    deactivateUser: forCaller('UserService', 'DeactivateUser'),
    reactivateUser: forCaller('UserService', 'ReactivateUser'),
    getLoginLockout: forCaller('UserService', 'GetLoginLockout'),
    liftLoginLockout: forCaller('UserService', 'LiftLoginLockout'),
    generateApiKey: forCaller('ApiKeyService', 'GenerateApiKey'),
    async checkServing() {
      await rpc.waitForReady(Date.now() + Math.min(timeoutMs, 2_000)).catch(() => Promise.reject(new Error(`not reachable at ${target}${overTls}`)));
    },
    close: () => rpc.close(),
  };
}

/** Waits for the token service at start-up; a wrong address or a secret it refuses fails with the setting's name. */
export async function awaitTokenService(client: TokenServiceClient, waitMs: number): Promise<void> {
  // Each check waits up to 2 s for the channel itself; the pause between checks only keeps a refusal from spinning.
  await pRetry(() => client.checkServing(), { retries: Infinity, minTimeout: 100, maxTimeout: 1_000, randomize: true, maxRetryTime: waitMs }).catch((error: unknown) => {
    throw new StartupError('TOKEN_SERVICE_ADDRESS', `${(error as Error).message}. Start the token service, or point the setting at it.`);
  });
  // A malformed token is refused without any lookup: the answer only says whether the secret is accepted.
  await client.validate({ token: 'start-up-probe' }, { userAgent: 'tessera-gateway start-up', ip: '' }).catch((error: unknown) => {
    if (error instanceof ServiceSecretRefused) throw new StartupError('TESSERA_SERVICE_SECRET', error.message);
    throw error;
  });
}

/** Every call proves it comes from the gateway (the shared service secret) and continues the request's trace. */
function callMetadata(serviceSecret: string, caller?: OnBehalfOf): Metadata {
  const metadata = new Metadata();
  metadata.set(serviceSecretHeader, serviceSecret);
  if (caller) {
    const { credential, client } = caller;
    metadata.set('authorization', 'token' in credential ? `Bearer ${credential.token}` : `ApiKey ${credential.apiKey}:${credential.secret}`);
    metadata.set('x-tessera-client-ip', printableAscii(client.ip));
    metadata.set('x-tessera-client-user-agent', printableAscii(client.userAgent));
  }
  for (const [key, value] of Object.entries(currentTraceCarrier())) if (value) metadata.set(key, value);
  return metadata;
}

// gRPC metadata carries printable ASCII only; anything else in a client's User-Agent would fail the call.
const printableAscii = (text: string) => text.replace(/[^\x20-\x7E]/g, '?');

const unavailable = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.CANCELLED]);

function classify(error: ServiceError): Error {
  if (error.code === status.UNAUTHENTICATED && error.metadata?.get('tessera-error-code')[0] === 'service_not_authenticated') return new ServiceSecretRefused(error);
  return unavailable.has(error.code) ? new TokenServiceUnavailable(error) : error;
}
