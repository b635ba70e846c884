import { Server, ServerCredentials, type UntypedServiceImplementation, type ServiceDefinition } from '@grpc/grpc-js';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import type { HostPort, TlsServerSettings } from '@tessera/config';
import { StartupError } from '@tessera/config';
import { reflectionPackageDefinition } from './reflection-descriptors.ts';

export interface GrpcServer {
  port: number;
  /** Standard health checking: NOT_SERVING until the dependencies answer, then SERVING. */
  setServing(serving: boolean): void;
  stop(): Promise<void>;
}

const maxMessageBytes = 256 * 1024;

export async function startGrpcServer(options: {
  address: HostPort;
  /** Undefined: clear text, which only development mode allows. */
  tls: TlsServerSettings | undefined;
  packageDefinition: PackageDefinition;
  services: ReadonlyArray<{ name: string; definition: ServiceDefinition; handlers: UntypedServiceImplementation }>;
}): Promise<GrpcServer> {
  const server = new Server({ 'grpc.max_receive_message_length': maxMessageBytes, 'grpc.max_send_message_length': maxMessageBytes });
  const names = ['', ...options.services.map((service) => service.name)];
  const health = new HealthImplementation(Object.fromEntries(names.map((name) => [name, 'NOT_SERVING'])));
  health.addToServer(server);
  // Reflection describes the health service too, so `grpcurl … grpc.health.v1.Health/Check` works as it does for ours;
  // keepCase, so that its descriptors name fields as the .proto file does.
  const described = { ...loadSync(healthProtoPath, { keepCase: true }), ...options.packageDefinition };
  new ReflectionService(reflectionPackageDefinition(described)).addToServer(server);
  for (const service of options.services) server.addService(service.definition, service.handlers);

  const target = `${options.address.host.includes(':') ? `[${options.address.host}]` : options.address.host}:${options.address.port}`;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(target, serverCredentials(options.tls), (error, boundPort) =>
      error ? reject(new StartupError('TOKEN_GRPC_ADDRESS', `cannot listen on ${target} (${error.message})`)) : resolve(boundPort),
    ),
  );
  return {
    port,
    setServing(serving) {
      for (const name of names) health.setStatus(name, serving ? 'SERVING' : 'NOT_SERVING');
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const name of names) health.setStatus(name, 'NOT_SERVING');
        // In-flight calls get a few seconds to finish before they are cut.
        const force = setTimeout(() => server.forceShutdown(), 5_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

/** With a client CA, a client without a certificate it signed fails the handshake, before any call is read. */
function serverCredentials(tls: TlsServerSettings | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(tls.clientCa ?? null, [{ cert_chain: tls.cert, private_key: tls.key }], tls.clientCa !== undefined);
}
