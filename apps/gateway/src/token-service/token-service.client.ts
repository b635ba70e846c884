import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadTesseraProto, type AuthServiceClient, type LoginResponse__Output } from '@tessera/contracts';
import { StartupError, type HostPort } from '@tessera/config';
import { currentTraceCarrier } from '@tessera/telemetry';

/** The gateway's only way to the token service. Every call has a deadline: a stalled service is a 503, not a hang. */
export interface TokenServiceClient {
  login(request: { login: string; password: string; userAgent: string; ip: string }): Promise<LoginResponse__Output>;
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
  const options = () => ({ deadline: Date.now() + timeoutMs });

  return {
    login: ({ login, password, userAgent, ip }) =>
      new Promise((resolve, reject) =>
        auth.Login({ login, password, client: { user_agent: userAgent, ip } }, callMetadata(serviceSecret), options(), (error, response) =>
          error ? reject(classify(error)) : resolve(response!),
        ),
      ),
    async checkServing() {
      await new Promise<void>((resolve, reject) =>
        auth.waitForReady(Date.now() + Math.min(timeoutMs, 2_000), (error) => (error ? reject(new Error(`not reachable at ${target}`)) : resolve())),
      );
    },
    close: () => auth.close(),
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
function callMetadata(serviceSecret: string): Metadata {
  const metadata = new Metadata();
  metadata.set('x-tessera-service-secret', serviceSecret);
  for (const [key, value] of Object.entries(currentTraceCarrier())) if (value) metadata.set(key, value);
  return metadata;
}

const unavailable = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.CANCELLED]);

function classify(error: ServiceError): Error {
  return unavailable.has(error.code) ? new TokenServiceUnavailable(error) : error;
}
