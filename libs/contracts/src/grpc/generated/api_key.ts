import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ApiKeyServiceClient as _tessera_v1_ApiKeyServiceClient, ApiKeyServiceDefinition as _tessera_v1_ApiKeyServiceDefinition } from './tessera/v1/ApiKeyService.ts';
import type { GenerateApiKeyRequest as _tessera_v1_GenerateApiKeyRequest, GenerateApiKeyRequest__Output as _tessera_v1_GenerateApiKeyRequest__Output } from './tessera/v1/GenerateApiKeyRequest.ts';
import type { GenerateApiKeyResponse as _tessera_v1_GenerateApiKeyResponse, GenerateApiKeyResponse__Output as _tessera_v1_GenerateApiKeyResponse__Output } from './tessera/v1/GenerateApiKeyResponse.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tessera: {
    v1: {
      /**
       * Frappe's API keys: the key identifies a user and never changes; the secret validates and is shown once.
       */
      ApiKeyService: SubtypeConstructor<typeof grpc.Client, _tessera_v1_ApiKeyServiceClient> & { service: _tessera_v1_ApiKeyServiceDefinition }
      GenerateApiKeyRequest: MessageTypeDefinition<_tessera_v1_GenerateApiKeyRequest, _tessera_v1_GenerateApiKeyRequest__Output>
      GenerateApiKeyResponse: MessageTypeDefinition<_tessera_v1_GenerateApiKeyResponse, _tessera_v1_GenerateApiKeyResponse__Output>
    }
  }
}

