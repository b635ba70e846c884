// Original file: /work/main/proto/tessera/v1/validation.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { RecordUsesRequest as _tessera_v1_RecordUsesRequest, RecordUsesRequest__Output as _tessera_v1_RecordUsesRequest__Output } from '../../tessera/v1/RecordUsesRequest.ts';
import type { RecordUsesResponse as _tessera_v1_RecordUsesResponse, RecordUsesResponse__Output as _tessera_v1_RecordUsesResponse__Output } from '../../tessera/v1/RecordUsesResponse.ts';
import type { ValidateRequest as _tessera_v1_ValidateRequest, ValidateRequest__Output as _tessera_v1_ValidateRequest__Output } from '../../tessera/v1/ValidateRequest.ts';
import type { ValidateResponse as _tessera_v1_ValidateResponse, ValidateResponse__Output as _tessera_v1_ValidateResponse__Output } from '../../tessera/v1/ValidateResponse.ts';

/**
 * The hot path: is this credential good, and whose is it? Answers are data, never errors (Unkey's shape);
 * gRPC errors are kept for malformed calls. Validate writes nothing to PostgreSQL.
 */
export interface ValidationServiceClient extends grpc.Client {
  /**
   * Uses of credentials that a caller answered from its own memory of Validate's answers (the gateway's cache), so
   * they are counted into the usage events as if Validate had answered each one.
   */
  RecordUses(argument: _tessera_v1_RecordUsesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_RecordUsesResponse__Output>): grpc.ClientUnaryCall;
  RecordUses(argument: _tessera_v1_RecordUsesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_RecordUsesResponse__Output>): grpc.ClientUnaryCall;
  RecordUses(argument: _tessera_v1_RecordUsesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_RecordUsesResponse__Output>): grpc.ClientUnaryCall;
  RecordUses(argument: _tessera_v1_RecordUsesRequest, callback: grpc.requestCallback<_tessera_v1_RecordUsesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Uses of credentials that a caller answered from its own memory of Validate's answers (the gateway's cache), so
   * they are counted into the usage events as if Validate had answered each one.
   */
  recordUses(argument: _tessera_v1_RecordUsesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_RecordUsesResponse__Output>): grpc.ClientUnaryCall;
  recordUses(argument: _tessera_v1_RecordUsesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_RecordUsesResponse__Output>): grpc.ClientUnaryCall;
  recordUses(argument: _tessera_v1_RecordUsesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_RecordUsesResponse__Output>): grpc.ClientUnaryCall;
  recordUses(argument: _tessera_v1_RecordUsesRequest, callback: grpc.requestCallback<_tessera_v1_RecordUsesResponse__Output>): grpc.ClientUnaryCall;
  
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
  /**
   * Uses of credentials that a caller answered from its own memory of Validate's answers (the gateway's cache), so
   * they are counted into the usage events as if Validate had answered each one.
   */
  RecordUses: grpc.handleUnaryCall<_tessera_v1_RecordUsesRequest__Output, _tessera_v1_RecordUsesResponse>;
  
  Validate: grpc.handleUnaryCall<_tessera_v1_ValidateRequest__Output, _tessera_v1_ValidateResponse>;
  
}

export interface ValidationServiceDefinition extends grpc.ServiceDefinition {
  RecordUses: MethodDefinition<_tessera_v1_RecordUsesRequest, _tessera_v1_RecordUsesResponse, _tessera_v1_RecordUsesRequest__Output, _tessera_v1_RecordUsesResponse__Output>
  Validate: MethodDefinition<_tessera_v1_ValidateRequest, _tessera_v1_ValidateResponse, _tessera_v1_ValidateRequest__Output, _tessera_v1_ValidateResponse__Output>
}
