// Original file: /work/main/proto/tessera/v1/validation.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ValidateRequest as _tessera_v1_ValidateRequest, ValidateRequest__Output as _tessera_v1_ValidateRequest__Output } from '../../tessera/v1/ValidateRequest.ts';
import type { ValidateResponse as _tessera_v1_ValidateResponse, ValidateResponse__Output as _tessera_v1_ValidateResponse__Output } from '../../tessera/v1/ValidateResponse.ts';

/**
 * The hot path: is this credential good, and whose is it? Answers are data, never errors (Unkey's shape);
 * gRPC errors are kept for malformed calls. Validate writes nothing to PostgreSQL.
 */
export interface ValidationServiceClient extends grpc.Client {
  Validate(argument: _tessera_v1_ValidateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ValidateResponse__Output>): grpc.ClientUnaryCall;
  Validate(argument: _tessera_v1_ValidateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_ValidateResponse__Output>): grpc.ClientUnaryCall;
  Validate(argument: _tessera_v1_ValidateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ValidateResponse__Output>): grpc.ClientUnaryCall;
  Validate(argument: _tessera_v1_ValidateRequest, callback: grpc.requestCallback<_tessera_v1_ValidateResponse__Output>): grpc.ClientUnaryCall;
  validate(argument: _tessera_v1_ValidateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ValidateResponse__Output>): grpc.ClientUnaryCall;
  validate(argument: _tessera_v1_ValidateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_ValidateResponse__Output>): grpc.ClientUnaryCall;
  validate(argument: _tessera_v1_ValidateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ValidateResponse__Output>): grpc.ClientUnaryCall;
  validate(argument: _tessera_v1_ValidateRequest, callback: grpc.requestCallback<_tessera_v1_ValidateResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The hot path: is this credential good, and whose is it? Answers are data, never errors (Unkey's shape);
 * gRPC errors are kept for malformed calls. Validate writes nothing to PostgreSQL.
 */
export interface ValidationServiceHandlers extends grpc.UntypedServiceImplementation {
  Validate: grpc.handleUnaryCall<_tessera_v1_ValidateRequest__Output, _tessera_v1_ValidateResponse>;
  
}

export interface ValidationServiceDefinition extends grpc.ServiceDefinition {
  Validate: MethodDefinition<_tessera_v1_ValidateRequest, _tessera_v1_ValidateResponse, _tessera_v1_ValidateRequest__Output, _tessera_v1_ValidateResponse__Output>
}
