import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuthServiceClient as _tessera_v1_AuthServiceClient, AuthServiceDefinition as _tessera_v1_AuthServiceDefinition } from './tessera/v1/AuthService.ts';
import type { ClientContext as _tessera_v1_ClientContext, ClientContext__Output as _tessera_v1_ClientContext__Output } from './tessera/v1/ClientContext.ts';
import type { IssuedToken as _tessera_v1_IssuedToken, IssuedToken__Output as _tessera_v1_IssuedToken__Output } from './tessera/v1/IssuedToken.ts';
import type { LoginRequest as _tessera_v1_LoginRequest, LoginRequest__Output as _tessera_v1_LoginRequest__Output } from './tessera/v1/LoginRequest.ts';
import type { LoginResponse as _tessera_v1_LoginResponse, LoginResponse__Output as _tessera_v1_LoginResponse__Output } from './tessera/v1/LoginResponse.ts';
import type { User as _tessera_v1_User, User__Output as _tessera_v1_User__Output } from './tessera/v1/User.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tessera: {
    v1: {
      /**
       * Sign-in: the only place a password is accepted.
       */
      AuthService: SubtypeConstructor<typeof grpc.Client, _tessera_v1_AuthServiceClient> & { service: _tessera_v1_AuthServiceDefinition }
      ClientContext: MessageTypeDefinition<_tessera_v1_ClientContext, _tessera_v1_ClientContext__Output>
      IssuedToken: MessageTypeDefinition<_tessera_v1_IssuedToken, _tessera_v1_IssuedToken__Output>
      LoginRequest: MessageTypeDefinition<_tessera_v1_LoginRequest, _tessera_v1_LoginRequest__Output>
      LoginResponse: MessageTypeDefinition<_tessera_v1_LoginResponse, _tessera_v1_LoginResponse__Output>
      User: MessageTypeDefinition<_tessera_v1_User, _tessera_v1_User__Output>
    }
  }
}

