import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ChangePasswordRequest as _tessera_v1_ChangePasswordRequest, ChangePasswordRequest__Output as _tessera_v1_ChangePasswordRequest__Output } from './tessera/v1/ChangePasswordRequest.ts';
import type { ChangePasswordResponse as _tessera_v1_ChangePasswordResponse, ChangePasswordResponse__Output as _tessera_v1_ChangePasswordResponse__Output } from './tessera/v1/ChangePasswordResponse.ts';
import type { CreateUserRequest as _tessera_v1_CreateUserRequest, CreateUserRequest__Output as _tessera_v1_CreateUserRequest__Output } from './tessera/v1/CreateUserRequest.ts';
import type { DeactivateUserRequest as _tessera_v1_DeactivateUserRequest, DeactivateUserRequest__Output as _tessera_v1_DeactivateUserRequest__Output } from './tessera/v1/DeactivateUserRequest.ts';
import type { GetUserRequest as _tessera_v1_GetUserRequest, GetUserRequest__Output as _tessera_v1_GetUserRequest__Output } from './tessera/v1/GetUserRequest.ts';
import type { LoginLockout as _tessera_v1_LoginLockout, LoginLockout__Output as _tessera_v1_LoginLockout__Output } from './tessera/v1/LoginLockout.ts';
import type { LoginLockoutRequest as _tessera_v1_LoginLockoutRequest, LoginLockoutRequest__Output as _tessera_v1_LoginLockoutRequest__Output } from './tessera/v1/LoginLockoutRequest.ts';
import type { ReactivateUserRequest as _tessera_v1_ReactivateUserRequest, ReactivateUserRequest__Output as _tessera_v1_ReactivateUserRequest__Output } from './tessera/v1/ReactivateUserRequest.ts';
import type { User as _tessera_v1_User, User__Output as _tessera_v1_User__Output } from './tessera/v1/User.ts';
import type { UserServiceClient as _tessera_v1_UserServiceClient, UserServiceDefinition as _tessera_v1_UserServiceDefinition } from './tessera/v1/UserService.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tessera: {
    v1: {
      ChangePasswordRequest: MessageTypeDefinition<_tessera_v1_ChangePasswordRequest, _tessera_v1_ChangePasswordRequest__Output>
      ChangePasswordResponse: MessageTypeDefinition<_tessera_v1_ChangePasswordResponse, _tessera_v1_ChangePasswordResponse__Output>
      CreateUserRequest: MessageTypeDefinition<_tessera_v1_CreateUserRequest, _tessera_v1_CreateUserRequest__Output>
      DeactivateUserRequest: MessageTypeDefinition<_tessera_v1_DeactivateUserRequest, _tessera_v1_DeactivateUserRequest__Output>
      GetUserRequest: MessageTypeDefinition<_tessera_v1_GetUserRequest, _tessera_v1_GetUserRequest__Output>
      LoginLockout: MessageTypeDefinition<_tessera_v1_LoginLockout, _tessera_v1_LoginLockout__Output>
      LoginLockoutRequest: MessageTypeDefinition<_tessera_v1_LoginLockoutRequest, _tessera_v1_LoginLockoutRequest__Output>
      ReactivateUserRequest: MessageTypeDefinition<_tessera_v1_ReactivateUserRequest, _tessera_v1_ReactivateUserRequest__Output>
      User: MessageTypeDefinition<_tessera_v1_User, _tessera_v1_User__Output>
      /**
       * Users. Creating, deactivating and reactivating users are admin calls; a user may read and change itself.
       */
      UserService: SubtypeConstructor<typeof grpc.Client, _tessera_v1_UserServiceClient> & { service: _tessera_v1_UserServiceDefinition }
    }
  }
}

