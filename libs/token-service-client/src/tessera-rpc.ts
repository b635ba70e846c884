import { credentials, type Client, type Metadata, type requestCallback, type ServiceError } from '@grpc/grpc-js';
import { loadTesseraProto, type TesseraGrpc } from '@tessera/contracts';
import type { TlsClientSettings } from '@tessera/config';

export type TesseraService = 'AuthService' | 'ValidationService' | 'TokenService' | 'UserService' | 'ApiKeyService';
type ClientOf<S extends TesseraService> = InstanceType<TesseraGrpc[S]>;
// The generated clients overload every RPC; a conditional type reads the last overload, `(request, callback)`.
type Unary<Req, Res> = (request: Req, callback: requestCallback<Res>) => unknown;
type Methods<C> = { [M in keyof C as M extends Capitalize<M & string> ? (C[M] extends (...args: never[]) => unknown ? M : never) : never]: C[M] };
export type RpcMethod<S extends TesseraService> = keyof Methods<ClientOf<S>> & string;
export type RpcRequest<S extends TesseraService, M extends RpcMethod<S>> = ClientOf<S>[M] extends Unary<infer Req, infer _Res> ? Req : never;
export type RpcResponse<S extends TesseraService, M extends RpcMethod<S>> = ClientOf<S>[M] extends Unary<infer _Req, infer Res> ? Res : never;

/** The token service's gRPC API, every service over one channel. */
export interface TesseraRpc {
  /** One unary call; it fails with the gRPC ServiceError, DEADLINE_EXCEEDED past `timeoutMs`. */
  call<S extends TesseraService, M extends RpcMethod<S>>(service: S, method: M, request: RpcRequest<S, M>, metadata: Metadata, timeoutMs: number): Promise<RpcResponse<S, M>>;
  /** Resolves once the channel is connected, or rejects at `deadline`. */
  waitForReady(deadline: number): Promise<void>;
  close(): void;
}

/**
 * The one gRPC client of the token service, for the gateway, the audit service, the tests and the bench: the proto
 * loaded with the server's own options, and `tls` undefined for clear text (which only development mode allows).
 */
export function tesseraRpc(target: string, tls: TlsClientSettings | undefined): TesseraRpc {
  const { tessera } = loadTesseraProto();
  const channelCredentials = tls ? credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null) : credentials.createInsecure();
  const first = new tessera.AuthService(target, channelCredentials);
  // One channel for every client: the others reuse the first's connection.
  const shared = { channelOverride: first.getChannel() };
  const clients: Record<TesseraService, Client> = {
    AuthService: first,
    ValidationService: new tessera.ValidationService(target, channelCredentials, shared),
    TokenService: new tessera.TokenService(target, channelCredentials, shared),
    UserService: new tessera.UserService(target, channelCredentials, shared),
    ApiKeyService: new tessera.ApiKeyService(target, channelCredentials, shared),
  };
  return {
    call(service, method, request, metadata, timeoutMs) {
      const client = clients[service] as unknown as Record<string, (...args: unknown[]) => unknown>;
      return new Promise((resolve, reject) =>
        client[method]!.call(client, request, metadata, { deadline: Date.now() + timeoutMs }, (error: ServiceError | null, response: unknown) =>
          error ? reject(error) : resolve(response as never),
        ),
      );
    },
    waitForReady: (deadline) => new Promise((resolve, reject) => first.waitForReady(deadline, (error) => (error ? reject(error) : resolve()))),
    close() {
      for (const client of Object.values(clients)) client.close();
    },
  };
}
