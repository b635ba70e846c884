// Original file: /work/main/proto/tessera/v1/api_key.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GenerateApiKeyRequest as _tessera_v1_GenerateApiKeyRequest, GenerateApiKeyRequest__Output as _tessera_v1_GenerateApiKeyRequest__Output } from '../../tessera/v1/GenerateApiKeyRequest.ts';
import type { GenerateApiKeyResponse as _tessera_v1_GenerateApiKeyResponse, GenerateApiKeyResponse__Output as _tessera_v1_GenerateApiKeyResponse__Output } from '../../tessera/v1/GenerateApiKeyResponse.ts';

/**
 * Frappe's API keys: the key identifies a user and never changes; the secret validates and is shown once.
 */
export interface ApiKeyServiceClient extends grpc.Client {
  /**
   * Admin only. The first call creates the user's key; every call issues a new secret, and the previous secret
   * stops working before the call returns. Another admin's only where ADMIN_KEYS_FOR_OTHER_ADMINS=allow.
   */
  GenerateApiKey(argument: _tessera_v1_GenerateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_GenerateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  GenerateApiKey(argument: _tessera_v1_GenerateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_GenerateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  GenerateApiKey(argument: _tessera_v1_GenerateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_GenerateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  GenerateApiKey(argument: _tessera_v1_GenerateApiKeyRequest, callback: grpc.requestCallback<_tessera_v1_GenerateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Admin only. The first call creates the user's key; every call issues a new secret, and the previous secret
   * stops working before the call returns. Another admin's only where ADMIN_KEYS_FOR_OTHER_ADMINS=allow.
   */
  generateApiKey(argument: _tessera_v1_GenerateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_GenerateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  generateApiKey(argument: _tessera_v1_GenerateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_GenerateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  generateApiKey(argument: _tessera_v1_GenerateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_GenerateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  generateApiKey(argument: _tessera_v1_GenerateApiKeyRequest, callback: grpc.requestCallback<_tessera_v1_GenerateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Frappe's API keys: the key identifies a user and never changes; the secret validates and is shown once.
 */
export interface ApiKeyServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Admin only. The first call creates the user's key; every call issues a new secret, and the previous secret
   * stops working before the call returns. Another admin's only where ADMIN_KEYS_FOR_OTHER_ADMINS=allow.
   */
  GenerateApiKey: grpc.handleUnaryCall<_tessera_v1_GenerateApiKeyRequest__Output, _tessera_v1_GenerateApiKeyResponse>;
  
}

export interface ApiKeyServiceDefinition extends grpc.ServiceDefinition {
  GenerateApiKey: MethodDefinition<_tessera_v1_GenerateApiKeyRequest, _tessera_v1_GenerateApiKeyResponse, _tessera_v1_GenerateApiKeyRequest__Output, _tessera_v1_GenerateApiKeyResponse__Output>
}
