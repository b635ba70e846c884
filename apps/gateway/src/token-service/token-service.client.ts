import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  loadTesseraProto,
  type AuthServiceClient,
  type LoginResponse__Output,
  type LogoutResponse__Output,
  type ValidateResponse__Output,
  type ValidationServiceClient,
} from '@tessera/contracts';
import { StartupError, type HostPort } from '@tessera/config';
import { currentTraceCarrier } from '@tessera/telemetry';

/** The gateway's only way to the token service. Every call has a deadline: a stalled service is a 503, not a hang. */
/** The end client, as the gateway saw it: recorded with the credential's use. */
export interface EndClient {
  userAgent: string;
  ip: string;
}

export type CheckedCredential = { token: string } | { apiKey: string; secret: string };

export interface TokenServiceClient {
  login(request: { login: string; password: string } & EndClient): Promise<LoginResponse__Output>;
  validate(credential: CheckedCredential, client: EndClient): Promise<ValidateResponse__Output>;
  logout(token: string, everywhere: boolean, client: EndClient): Promise<LogoutResponse__Output>;
  checkServing(): Promise<void>;
  close(): void;
}

export class TokenServiceUnavailable extends Error {
  constructor(cause: ServiceError) {
    super('The token service is unavailable.', { cause });
    this.name = 'TokenServiceUnavailable';
  }
}

export function createTokenServiceClient(address: HostPort, timeoutMs: number, serviceSecret: string): TokenServiceClient {
  const { tessera } = loadTesseraProto();
  const target = `${address.host}:${address.port}`;
  const auth: AuthServiceClient = new tessera.AuthService(target, credentials.createInsecure());
  // One channel for both clients: the second reuses the first's connection.
  const validation: ValidationServiceClient = new tessera.ValidationService(target, credentials.createInsecure(), { channelOverride: auth.getChannel() });
  const options = () => ({ deadline: Date.now() + timeoutMs });
  const settle = <T>(resolve: (value: T) => void, reject: (error: Error) => void) => (error: ServiceError | null, response?: T) =>
    error ? reject(classify(error)) : resolve(response!);

  return {
    login: ({ login, password, userAgent, ip }) =>
      new Promise((resolve, reject) =>
        auth.Login({ login, password, client: { user_agent: userAgent, ip } }, callMetadata(serviceSecret), options(), settle(resolve, reject)),
      ),
    validate: (credential, client) =>
      new Promise((resolve, reject) =>
        validation.Validate(
          { ...('token' in credential ? { token: credential.token } : { api_key: { api_key: credential.apiKey, api_secret: credential.secret } }), client: { user_agent: client.userAgent, ip: client.ip } },
          callMetadata(serviceSecret),
          options(),
          settle(resolve, reject),
        ),
      ),
    logout: (token, everywhere, client) =>
      new Promise((resolve, reject) => auth.Logout({ everywhere }, callMetadata(serviceSecret, { token, client }), options(), settle(resolve, reject))),
    async checkServing() {
      await new Promise<void>((resolve, reject) =>
        auth.waitForReady(Date.now() + Math.min(timeoutMs, 2_000), (error) => (error ? reject(new Error(`not reachable at ${target}`)) : resolve())),
      );
    },
    close: () => {
      validation.close();
      auth.close();
    },
  };
}

/** Waits for the token service at start-up; a wrong address fails with the setting's name. */
export async function awaitTokenService(client: TokenServiceClient, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await client.checkServing();
    } catch (error) {
      if (Date.now() >= deadline) {
        throw new StartupError('TOKEN_SERVICE_ADDRESS', `${(error as Error).message}. Start the token service, or point the setting at it.`);
      }
    }
  }
}

/** Every call proves it comes from the gateway (the shared service secret) and continues the request's trace. */
function callMetadata(serviceSecret: string, as?: { token: string; client: EndClient }): Metadata {
  const metadata = new Metadata();
  metadata.set('x-tessera-service-secret', serviceSecret);
  if (as) {
    // A call made for a user carries the user's own token, and the end client it came from.
    metadata.set('authorization', `Bearer ${as.token}`);
    metadata.set('x-tessera-client-ip', printableAscii(as.client.ip));
    metadata.set('x-tessera-client-user-agent', printableAscii(as.client.userAgent));
  }
  for (const [key, value] of Object.entries(currentTraceCarrier())) if (value) metadata.set(key, value);
  return metadata;
}

// gRPC metadata carries printable ASCII only; anything else in a client's User-Agent would fail the call.
const printableAscii = (text: string) => text.replace(/[^\x20-\x7E]/g, '?');

const unavailable = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.CANCELLED]);

function classify(error: ServiceError): Error {
  return unavailable.has(error.code) ? new TokenServiceUnavailable(error) : error;
}
