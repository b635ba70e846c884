import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { serviceSecretHeader } from '@tessera/contracts';
import { tesseraRpc, type RpcMethod, type RpcRequest, type RpcResponse, type TesseraService } from '@tessera/token-service-client';

/**
 * The token service as a test talks to it, through the services' own gRPC client: every call carries the service
 * secret (as the gateway's do) and, when given, the caller's token or API key; every call has a deadline. Unlike
 * the gateway's client, any RPC can be called with any metadata, and a refusal rejects with the gRPC ServiceError.
 */
export function tokenServiceClient(address: string, serviceSecret: string) {
  const rpc = tesseraRpc(address, undefined);
  return {
    call<S extends TesseraService, M extends RpcMethod<S>>(
      service: S,
      method: M,
      request: RpcRequest<S, M>,
      options: { token?: string; apiKey?: { key: string; secret: string }; serviceSecret?: string | null } = {},
    ): Promise<RpcResponse<S, M>> {
      const metadata = new Metadata();
      const secret = options.serviceSecret === undefined ? serviceSecret : options.serviceSecret;
      if (secret !== null) metadata.set(serviceSecretHeader, secret);
      if (options.token) metadata.set('authorization', `Bearer ${options.token}`);
      if (options.apiKey) metadata.set('authorization', `ApiKey ${options.apiKey.key}:${options.apiKey.secret}`);
      return rpc.call(service, method, request, metadata, 15_000);
    },
    close: () => rpc.close(),
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
