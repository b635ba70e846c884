import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ChangePasswordRequest as _tessera_v1_ChangePasswordRequest, ChangePasswordRequest__Output as _tessera_v1_ChangePasswordRequest__Output } from './tessera/v1/ChangePasswordRequest.ts';
import type { ChangePasswordResponse as _tessera_v1_ChangePasswordResponse, ChangePasswordResponse__Output as _tessera_v1_ChangePasswordResponse__Output } from './tessera/v1/ChangePasswordResponse.ts';
import type { CreateUserRequest as _tessera_v1_CreateUserRequest, CreateUserRequest__Output as _tessera_v1_CreateUserRequest__Output } from './tessera/v1/CreateUserRequest.ts';
import type { DeactivateUserRequest as _tessera_v1_DeactivateUserRequest, DeactivateUserRequest__Output as _tessera_v1_DeactivateUserRequest__Output } from './tessera/v1/DeactivateUserRequest.ts';
import type { GetTokenRequest as _tessera_v1_GetTokenRequest, GetTokenRequest__Output as _tessera_v1_GetTokenRequest__Output } from './tessera/v1/GetTokenRequest.ts';
import type { GetUserRequest as _tessera_v1_GetUserRequest, GetUserRequest__Output as _tessera_v1_GetUserRequest__Output } from './tessera/v1/GetUserRequest.ts';
import type { IssueTokenRequest as _tessera_v1_IssueTokenRequest, IssueTokenRequest__Output as _tessera_v1_IssueTokenRequest__Output } from './tessera/v1/IssueTokenRequest.ts';
import type { IssueTokenResponse as _tessera_v1_IssueTokenResponse, IssueTokenResponse__Output as _tessera_v1_IssueTokenResponse__Output } from './tessera/v1/IssueTokenResponse.ts';
import type { IssuedToken as _tessera_v1_IssuedToken, IssuedToken__Output as _tessera_v1_IssuedToken__Output } from './tessera/v1/IssuedToken.ts';
import type { ListTokensRequest as _tessera_v1_ListTokensRequest, ListTokensRequest__Output as _tessera_v1_ListTokensRequest__Output } from './tessera/v1/ListTokensRequest.ts';
import type { ListTokensResponse as _tessera_v1_ListTokensResponse, ListTokensResponse__Output as _tessera_v1_ListTokensResponse__Output } from './tessera/v1/ListTokensResponse.ts';
import type { LoginLockout as _tessera_v1_LoginLockout, LoginLockout__Output as _tessera_v1_LoginLockout__Output } from './tessera/v1/LoginLockout.ts';
import type { LoginLockoutRequest as _tessera_v1_LoginLockoutRequest, LoginLockoutRequest__Output as _tessera_v1_LoginLockoutRequest__Output } from './tessera/v1/LoginLockoutRequest.ts';
import type { ReactivateUserRequest as _tessera_v1_ReactivateUserRequest, ReactivateUserRequest__Output as _tessera_v1_ReactivateUserRequest__Output } from './tessera/v1/ReactivateUserRequest.ts';
import type { RevokeAllTokensRequest as _tessera_v1_RevokeAllTokensRequest, RevokeAllTokensRequest__Output as _tessera_v1_RevokeAllTokensRequest__Output } from './tessera/v1/RevokeAllTokensRequest.ts';
import type { RevokeAllTokensResponse as _tessera_v1_RevokeAllTokensResponse, RevokeAllTokensResponse__Output as _tessera_v1_RevokeAllTokensResponse__Output } from './tessera/v1/RevokeAllTokensResponse.ts';
import type { RevokeTokenRequest as _tessera_v1_RevokeTokenRequest, RevokeTokenRequest__Output as _tessera_v1_RevokeTokenRequest__Output } from './tessera/v1/RevokeTokenRequest.ts';
import type { Token as _tessera_v1_Token, Token__Output as _tessera_v1_Token__Output } from './tessera/v1/Token.ts';
import type { TokenServiceClient as _tessera_v1_TokenServiceClient, TokenServiceDefinition as _tessera_v1_TokenServiceDefinition } from './tessera/v1/TokenService.ts';
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
      GetTokenRequest: MessageTypeDefinition<_tessera_v1_GetTokenRequest, _tessera_v1_GetTokenRequest__Output>
      GetUserRequest: MessageTypeDefinition<_tessera_v1_GetUserRequest, _tessera_v1_GetUserRequest__Output>
      IssueTokenRequest: MessageTypeDefinition<_tessera_v1_IssueTokenRequest, _tessera_v1_IssueTokenRequest__Output>
      IssueTokenResponse: MessageTypeDefinition<_tessera_v1_IssueTokenResponse, _tessera_v1_IssueTokenResponse__Output>
      IssuedToken: MessageTypeDefinition<_tessera_v1_IssuedToken, _tessera_v1_IssuedToken__Output>
      ListTokensRequest: MessageTypeDefinition<_tessera_v1_ListTokensRequest, _tessera_v1_ListTokensRequest__Output>
      ListTokensResponse: MessageTypeDefinition<_tessera_v1_ListTokensResponse, _tessera_v1_ListTokensResponse__Output>
      LoginLockout: MessageTypeDefinition<_tessera_v1_LoginLockout, _tessera_v1_LoginLockout__Output>
      LoginLockoutRequest: MessageTypeDefinition<_tessera_v1_LoginLockoutRequest, _tessera_v1_LoginLockoutRequest__Output>
      ReactivateUserRequest: MessageTypeDefinition<_tessera_v1_ReactivateUserRequest, _tessera_v1_ReactivateUserRequest__Output>
      RevokeAllTokensRequest: MessageTypeDefinition<_tessera_v1_RevokeAllTokensRequest, _tessera_v1_RevokeAllTokensRequest__Output>
      RevokeAllTokensResponse: MessageTypeDefinition<_tessera_v1_RevokeAllTokensResponse, _tessera_v1_RevokeAllTokensResponse__Output>
      RevokeTokenRequest: MessageTypeDefinition<_tessera_v1_RevokeTokenRequest, _tessera_v1_RevokeTokenRequest__Output>
      Token: MessageTypeDefinition<_tessera_v1_Token, _tessera_v1_Token__Output>
      /**
       * Token management. Every call acts as the caller whose token is in the `authorization` metadata; admins may act on
       * any user's tokens, others on their own only.
       */
      TokenService: SubtypeConstructor<typeof grpc.Client, _tessera_v1_TokenServiceClient> & { service: _tessera_v1_TokenServiceDefinition }
      User: MessageTypeDefinition<_tessera_v1_User, _tessera_v1_User__Output>
      /**
       * Users. Creating, deactivating and reactivating users are admin calls; a user may read and change itself.
       */
      UserService: SubtypeConstructor<typeof grpc.Client, _tessera_v1_UserServiceClient> & { service: _tessera_v1_UserServiceDefinition }
    }
  }
}

