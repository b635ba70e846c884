import { loadSync, type Options } from '@grpc/proto-loader';
import { loadPackageDefinition, type GrpcObject } from '@grpc/grpc-js';
import { findUp } from '@tessera/config';
import type { ProtoGrpcType as AuthProto } from './generated/auth.ts';

/** The loader options the generated types were made with (tools/generate-proto-types.ts); they must agree. */
export const protoLoaderOptions: Options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

export const protoFiles = ['tessera/v1/auth.proto', 'tessera/v1/user.proto'] as const;

export type TesseraGrpc = AuthProto['tessera']['v1'];

export function loadTesseraProto(protoDir = findUp(import.meta.dirname, 'proto')) {
  const packageDefinition = loadSync([...protoFiles], { ...protoLoaderOptions, includeDirs: [protoDir] });
  const loaded = loadPackageDefinition(packageDefinition) as GrpcObject & { tessera: { v1: TesseraGrpc } };
  return { packageDefinition, tessera: loaded.tessera.v1 };
}
