import { credentials, Metadata, type Client, type requestCallback, type ServiceError } from '@grpc/grpc-js';
import { loadTesseraProto, type TesseraGrpc } from '@tessera/contracts';

type ServiceName = 'AuthService' | 'ValidationService' | 'TokenService' | 'UserService' | 'ApiKeyService';
type ClientOf<S extends ServiceName> = InstanceType<TesseraGrpc[S]>;
// The generated clients overload every RPC; a conditional type reads the last overload, `(request, callback)`.
type Unary<Req, Res> = (request: Req, callback: requestCallback<Res>) => unknown;
type Methods<C> = { [M in keyof C as M extends Capitalize<M & string> ? (C[M] extends (...args: never[]) => unknown ? M : never) : never]: C[M] };
type RequestOf<F> = F extends Unary<infer Req, infer _Res> ? Req : never;
type ResponseOf<F> = F extends Unary<infer _Req, infer Res> ? Res : never;

/**
 * The token service as a test talks to it: every call carries the service secret (as the gateway's do) and, when
 * given, the caller's token or API key; every call has a deadline. Refusals reject with the gRPC ServiceError.
 */
export function tokenServiceClient(address: string, serviceSecret: string) {
  const { tessera } = loadTesseraProto();
  const clients = new Map<ServiceName, Client>();
  const clientFor = <S extends ServiceName>(service: S): ClientOf<S> => {
    if (!clients.has(service)) clients.set(service, new tessera[service](address, credentials.createInsecure()));
    return clients.get(service) as ClientOf<S>;
  };

  return {
    call<S extends ServiceName, M extends keyof Methods<ClientOf<S>> & string>(
      service: S,
      method: M,
      request: RequestOf<ClientOf<S>[M]>,
      options: { token?: string; apiKey?: { key: string; secret: string }; serviceSecret?: string | null } = {},
    ): Promise<ResponseOf<ClientOf<S>[M]>> {
      const metadata = new Metadata();
      const secret = options.serviceSecret === undefined ? serviceSecret : options.serviceSecret;
      if (secret !== null) metadata.set('x-tessera-service-secret', secret);
      if (options.token) metadata.set('authorization', `Bearer ${options.token}`);
      if (options.apiKey) metadata.set('authorization', `ApiKey ${options.apiKey.key}:${options.apiKey.secret}`);
      const client = clientFor(service) as unknown as Record<string, (...args: unknown[]) => unknown>;
      return new Promise((resolve, reject) =>
        client[method]!.call(client, request, metadata, { deadline: Date.now() + 15_000 }, (error: ServiceError | null, response: unknown) =>
          error ? reject(error) : resolve(response as ResponseOf<ClientOf<S>[M]>),
        ),
      );
    },
    close() {
      for (const client of clients.values()) client.close();
    },
  };
}

export type TokenServiceTestClient = ReturnType<typeof tokenServiceClient>;

/** The refusal of a call that must fail: its gRPC code and details. */
export async function refusal(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}
