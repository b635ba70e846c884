import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSync, type Options } from '@grpc/proto-loader';
import { loadPackageDefinition, type GrpcObject } from '@grpc/grpc-js';
import { findUp } from '@tessera/config';
import type { ProtoGrpcType as ApiKeyProto } from './generated/api_key.ts';
import type { ProtoGrpcType as AuthProto } from './generated/auth.ts';
import type { ProtoGrpcType as TokenProto } from './generated/token.ts';
import type { ProtoGrpcType as UserProto } from './generated/user.ts';
import type { ProtoGrpcType as ValidationProto } from './generated/validation.ts';

/** The loader options the generated types were made with (tools/generate-proto-types.ts); they must agree. */
export const protoLoaderOptions: Options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

export type TesseraGrpc = ApiKeyProto['tessera']['v1'] &
  AuthProto['tessera']['v1'] &
  TokenProto['tessera']['v1'] &
  UserProto['tessera']['v1'] &
  ValidationProto['tessera']['v1'];

export function loadTesseraProto(protoDir = findUp(import.meta.dirname, 'proto')) {
  const files = readdirSync(join(protoDir, 'tessera/v1')).filter((file) => file.endsWith('.proto')).map((file) => `tessera/v1/${file}`);
  const packageDefinition = loadSync(files, { ...protoLoaderOptions, includeDirs: [protoDir] });
  const loaded = loadPackageDefinition(packageDefinition) as GrpcObject & { tessera: { v1: TesseraGrpc } };
  return { packageDefinition, tessera: loaded.tessera.v1 };
}
