import { credentials, loadPackageDefinition, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath } from 'grpc-health-check';

type HealthClient = Client & {
  Check(request: { service: string }, options: { deadline: number }, callback: (error: ServiceError | null, response?: { status: string }) => void): void;
};

const healthPackage = loadPackageDefinition(loadSync(protoPath, { keepCase: true, enums: String, defaults: true })) as unknown as {
  grpc: { health: { v1: { Health: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => HealthClient } } };
};

/** Asks a server's standard gRPC health service; undefined when it does not answer. */
export async function grpcHealthStatus(address: string, service = ''): Promise<string | undefined> {
  const client = new healthPackage.grpc.health.v1.Health(address, credentials.createInsecure());
  try {
    return await new Promise<string | undefined>((resolve) =>
      client.Check({ service }, { deadline: Date.now() + 1_000 }, (error, response) => resolve(error ? undefined : response?.status)),
    );
  } finally {
    client.close();
  }
}
