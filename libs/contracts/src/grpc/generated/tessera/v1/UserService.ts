// Original file: /work/main/proto/tessera/v1/user.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ChangePasswordRequest as _tessera_v1_ChangePasswordRequest, ChangePasswordRequest__Output as _tessera_v1_ChangePasswordRequest__Output } from '../../tessera/v1/ChangePasswordRequest.ts';
import type { ChangePasswordResponse as _tessera_v1_ChangePasswordResponse, ChangePasswordResponse__Output as _tessera_v1_ChangePasswordResponse__Output } from '../../tessera/v1/ChangePasswordResponse.ts';
import type { CreateUserRequest as _tessera_v1_CreateUserRequest, CreateUserRequest__Output as _tessera_v1_CreateUserRequest__Output } from '../../tessera/v1/CreateUserRequest.ts';
import type { DeactivateUserRequest as _tessera_v1_DeactivateUserRequest, DeactivateUserRequest__Output as _tessera_v1_DeactivateUserRequest__Output } from '../../tessera/v1/DeactivateUserRequest.ts';
import type { GetUserRequest as _tessera_v1_GetUserRequest, GetUserRequest__Output as _tessera_v1_GetUserRequest__Output } from '../../tessera/v1/GetUserRequest.ts';
import type { LoginLockout as _tessera_v1_LoginLockout, LoginLockout__Output as _tessera_v1_LoginLockout__Output } from '../../tessera/v1/LoginLockout.ts';
import type { LoginLockoutRequest as _tessera_v1_LoginLockoutRequest, LoginLockoutRequest__Output as _tessera_v1_LoginLockoutRequest__Output } from '../../tessera/v1/LoginLockoutRequest.ts';
import type { ReactivateUserRequest as _tessera_v1_ReactivateUserRequest, ReactivateUserRequest__Output as _tessera_v1_ReactivateUserRequest__Output } from '../../tessera/v1/ReactivateUserRequest.ts';
import type { User as _tessera_v1_User, User__Output as _tessera_v1_User__Output } from '../../tessera/v1/User.ts';

/**
 * Users. Creating, deactivating and reactivating users are admin calls; a user may read and change itself.
 */
export interface UserServiceClient extends grpc.Client {
  /**
   * Changing a password revokes every token of the user.
   */
  ChangePassword(argument: _tessera_v1_ChangePasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  ChangePassword(argument: _tessera_v1_ChangePasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  ChangePassword(argument: _tessera_v1_ChangePasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  ChangePassword(argument: _tessera_v1_ChangePasswordRequest, callback: grpc.requestCallback<_tessera_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Changing a password revokes every token of the user.
   */
  changePassword(argument: _tessera_v1_ChangePasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  changePassword(argument: _tessera_v1_ChangePasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  changePassword(argument: _tessera_v1_ChangePasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  changePassword(argument: _tessera_v1_ChangePasswordRequest, callback: grpc.requestCallback<_tessera_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  
  CreateUser(argument: _tessera_v1_CreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _tessera_v1_CreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _tessera_v1_CreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _tessera_v1_CreateUserRequest, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _tessera_v1_CreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _tessera_v1_CreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _tessera_v1_CreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _tessera_v1_CreateUserRequest, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deactivation revokes every token of the user and refuses its API key; reactivation revives no token, only the key.
   * FAILED_PRECONDITION, with tessera-error-code last_active_admin, for the last active admin, and
   * cannot_deactivate_self for the caller's own account: nobody would be left to administer the installation.
   */
  DeactivateUser(argument: _tessera_v1_DeactivateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  DeactivateUser(argument: _tessera_v1_DeactivateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  DeactivateUser(argument: _tessera_v1_DeactivateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  DeactivateUser(argument: _tessera_v1_DeactivateUserRequest, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  /**
   * Deactivation revokes every token of the user and refuses its API key; reactivation revives no token, only the key.
   * FAILED_PRECONDITION, with tessera-error-code last_active_admin, for the last active admin, and
   * cannot_deactivate_self for the caller's own account: nobody would be left to administer the installation.
   */
  deactivateUser(argument: _tessera_v1_DeactivateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  deactivateUser(argument: _tessera_v1_DeactivateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  deactivateUser(argument: _tessera_v1_DeactivateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  deactivateUser(argument: _tessera_v1_DeactivateUserRequest, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  
  /**
   * Admins: the failed logins counted against a user (ADR 5), and whether they lock the account. NOT_FOUND for a name
   * of no user: a name of nobody can lock only itself, and nobody signs in with it.
   */
  GetLoginLockout(argument: _tessera_v1_LoginLockoutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  GetLoginLockout(argument: _tessera_v1_LoginLockoutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  GetLoginLockout(argument: _tessera_v1_LoginLockoutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  GetLoginLockout(argument: _tessera_v1_LoginLockoutRequest, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  /**
   * Admins: the failed logins counted against a user (ADR 5), and whether they lock the account. NOT_FOUND for a name
   * of no user: a name of nobody can lock only itself, and nobody signs in with it.
   */
  getLoginLockout(argument: _tessera_v1_LoginLockoutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  getLoginLockout(argument: _tessera_v1_LoginLockoutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  getLoginLockout(argument: _tessera_v1_LoginLockoutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  getLoginLockout(argument: _tessera_v1_LoginLockoutRequest, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  
  GetUser(argument: _tessera_v1_GetUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _tessera_v1_GetUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _tessera_v1_GetUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _tessera_v1_GetUserRequest, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _tessera_v1_GetUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _tessera_v1_GetUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _tessera_v1_GetUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _tessera_v1_GetUserRequest, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  
  /**
   * Admins: forgets every failed login counted against the user, so it may sign in at once; recorded as
   * LoginLockoutLifted when there was something to forgive. Answers the lockout as it was before.
   */
  LiftLoginLockout(argument: _tessera_v1_LoginLockoutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  LiftLoginLockout(argument: _tessera_v1_LoginLockoutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  LiftLoginLockout(argument: _tessera_v1_LoginLockoutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  LiftLoginLockout(argument: _tessera_v1_LoginLockoutRequest, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  /**
   * Admins: forgets every failed login counted against the user, so it may sign in at once; recorded as
   * LoginLockoutLifted when there was something to forgive. Answers the lockout as it was before.
   */
  liftLoginLockout(argument: _tessera_v1_LoginLockoutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  liftLoginLockout(argument: _tessera_v1_LoginLockoutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  liftLoginLockout(argument: _tessera_v1_LoginLockoutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  liftLoginLockout(argument: _tessera_v1_LoginLockoutRequest, callback: grpc.requestCallback<_tessera_v1_LoginLockout__Output>): grpc.ClientUnaryCall;
  
  ReactivateUser(argument: _tessera_v1_ReactivateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  ReactivateUser(argument: _tessera_v1_ReactivateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  ReactivateUser(argument: _tessera_v1_ReactivateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  ReactivateUser(argument: _tessera_v1_ReactivateUserRequest, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  reactivateUser(argument: _tessera_v1_ReactivateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  reactivateUser(argument: _tessera_v1_ReactivateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  reactivateUser(argument: _tessera_v1_ReactivateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  reactivateUser(argument: _tessera_v1_ReactivateUserRequest, callback: grpc.requestCallback<_tessera_v1_User__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Users. Creating, deactivating and reactivating users are admin calls; a user may read and change itself.
 */
export interface UserServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Changing a password revokes every token of the user.
   */
  ChangePassword: grpc.handleUnaryCall<_tessera_v1_ChangePasswordRequest__Output, _tessera_v1_ChangePasswordResponse>;
  
  CreateUser: grpc.handleUnaryCall<_tessera_v1_CreateUserRequest__Output, _tessera_v1_User>;
  
  /**
   * Deactivation revokes every token of the user and refuses its API key; reactivation revives no token, only the key.
   * FAILED_PRECONDITION, with tessera-error-code last_active_admin, for the last active admin, and
   * cannot_deactivate_self for the caller's own account: nobody would be left to administer the installation.
   */
  DeactivateUser: grpc.handleUnaryCall<_tessera_v1_DeactivateUserRequest__Output, _tessera_v1_User>;
  
  /**
   * Admins: the failed logins counted against a user (ADR 5), and whether they lock the account. NOT_FOUND for a name
   * of no user: a name of nobody can lock only itself, and nobody signs in with it.
   */
  GetLoginLockout: grpc.handleUnaryCall<_tessera_v1_LoginLockoutRequest__Output, _tessera_v1_LoginLockout>;
  
  GetUser: grpc.handleUnaryCall<_tessera_v1_GetUserRequest__Output, _tessera_v1_User>;
  
  /**
   * Admins: forgets every failed login counted against the user, so it may sign in at once; recorded as
   * LoginLockoutLifted when there was something to forgive. Answers the lockout as it was before.
   */
  LiftLoginLockout: grpc.handleUnaryCall<_tessera_v1_LoginLockoutRequest__Output, _tessera_v1_LoginLockout>;
  
  ReactivateUser: grpc.handleUnaryCall<_tessera_v1_ReactivateUserRequest__Output, _tessera_v1_User>;
  
}

export interface UserServiceDefinition extends grpc.ServiceDefinition {
  ChangePassword: MethodDefinition<_tessera_v1_ChangePasswordRequest, _tessera_v1_ChangePasswordResponse, _tessera_v1_ChangePasswordRequest__Output, _tessera_v1_ChangePasswordResponse__Output>
  CreateUser: MethodDefinition<_tessera_v1_CreateUserRequest, _tessera_v1_User, _tessera_v1_CreateUserRequest__Output, _tessera_v1_User__Output>
  DeactivateUser: MethodDefinition<_tessera_v1_DeactivateUserRequest, _tessera_v1_User, _tessera_v1_DeactivateUserRequest__Output, _tessera_v1_User__Output>
  GetLoginLockout: MethodDefinition<_tessera_v1_LoginLockoutRequest, _tessera_v1_LoginLockout, _tessera_v1_LoginLockoutRequest__Output, _tessera_v1_LoginLockout__Output>
  GetUser: MethodDefinition<_tessera_v1_GetUserRequest, _tessera_v1_User, _tessera_v1_GetUserRequest__Output, _tessera_v1_User__Output>
  LiftLoginLockout: MethodDefinition<_tessera_v1_LoginLockoutRequest, _tessera_v1_LoginLockout, _tessera_v1_LoginLockoutRequest__Output, _tessera_v1_LoginLockout__Output>
  ReactivateUser: MethodDefinition<_tessera_v1_ReactivateUserRequest, _tessera_v1_User, _tessera_v1_ReactivateUserRequest__Output, _tessera_v1_User__Output>
}
