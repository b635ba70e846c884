import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { credentials, loadPackageDefinition, type Client, type ClientDuplexStream } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

// What grpcurl does first: ask the server's reflection service which services it offers.
const reflectionProto = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '../proto/grpc/reflection/v1/reflection.proto');

type ReflectionClient = Client & {
  ServerReflectionInfo(): ClientDuplexStream<{ list_services: string }, { list_services_response?: { service: Array<{ name: string }> } }>;
};

const reflectionPackage = loadPackageDefinition(loadSync(reflectionProto, { keepCase: true, defaults: true, oneofs: true })) as unknown as {
  grpc: { reflection: { v1: { ServerReflection: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => ReflectionClient } } };
};

export async function listGrpcServices(address: string): Promise<string[]> {
  const client = new reflectionPackage.grpc.reflection.v1.ServerReflection(address, credentials.createInsecure());
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const call = client.ServerReflectionInfo();
      call.on('data', (response) => {
        resolve((response.list_services_response?.service ?? []).map((service: { name: string }) => service.name).sort());
        call.end();
      });
      call.on('error', reject);
      call.write({ list_services: '' });
    });
  } finally {
    client.close();
  }
}
