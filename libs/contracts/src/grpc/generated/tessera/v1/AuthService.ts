// Original file: /work/main/proto/tessera/v1/auth.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { LoginRequest as _tessera_v1_LoginRequest, LoginRequest__Output as _tessera_v1_LoginRequest__Output } from '../../tessera/v1/LoginRequest.ts';
import type { LoginResponse as _tessera_v1_LoginResponse, LoginResponse__Output as _tessera_v1_LoginResponse__Output } from '../../tessera/v1/LoginResponse.ts';
import type { LogoutRequest as _tessera_v1_LogoutRequest, LogoutRequest__Output as _tessera_v1_LogoutRequest__Output } from '../../tessera/v1/LogoutRequest.ts';
import type { LogoutResponse as _tessera_v1_LogoutResponse, LogoutResponse__Output as _tessera_v1_LogoutResponse__Output } from '../../tessera/v1/LogoutResponse.ts';

/**
 * Sign-in and sign-out.
 */
export interface AuthServiceClient extends grpc.Client {
  /**
   * Exchanges a username (case-insensitive) or an email, and a password, for a new token. A login from a
   * single-token client type (qfield, qfieldsync, unknown) expires the user's other active tokens of that type.
   * Wrong credentials, unknown and inactive users all answer UNAUTHENTICATED, in the same time.
   * Failures are counted per account and per (account, client.ip) (ADR 5): a locked account answers
   * UNAUTHENTICATED with tessera-error-code too_many_failed_login_attempts, even for the right password, and so
   * does every login while the counts cannot be read (unless LOGIN_THROTTLE_WITHOUT_REDIS=allow).
   */
  Login(argument: _tessera_v1_LoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _tessera_v1_LoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _tessera_v1_LoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _tessera_v1_LoginRequest, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Exchanges a username (case-insensitive) or an email, and a password, for a new token. A login from a
   * single-token client type (qfield, qfieldsync, unknown) expires the user's other active tokens of that type.
   * Wrong credentials, unknown and inactive users all answer UNAUTHENTICATED, in the same time.
   * Failures are counted per account and per (account, client.ip) (ADR 5): a locked account answers
   * UNAUTHENTICATED with tessera-error-code too_many_failed_login_attempts, even for the right password, and so
   * does every login while the counts cannot be read (unless LOGIN_THROTTLE_WITHOUT_REDIS=allow).
   */
  login(argument: _tessera_v1_LoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _tessera_v1_LoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _tessera_v1_LoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _tessera_v1_LoginRequest, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Expires the token in `authorization` (multi-token clients), or every active token of its client type
   * (single-token clients), or every token of the user with `everywhere`.
   */
  Logout(argument: _tessera_v1_LogoutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  Logout(argument: _tessera_v1_LogoutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  Logout(argument: _tessera_v1_LogoutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  Logout(argument: _tessera_v1_LogoutRequest, callback: grpc.requestCallback<_tessera_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Expires the token in `authorization` (multi-token clients), or every active token of its client type
   * (single-token clients), or every token of the user with `everywhere`.
   */
  logout(argument: _tessera_v1_LogoutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  logout(argument: _tessera_v1_LogoutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  logout(argument: _tessera_v1_LogoutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  logout(argument: _tessera_v1_LogoutRequest, callback: grpc.requestCallback<_tessera_v1_LogoutResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Sign-in and sign-out.
 */
export interface AuthServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Exchanges a username (case-insensitive) or an email, and a password, for a new token. A login from a
   * single-token client type (qfield, qfieldsync, unknown) expires the user's other active tokens of that type.
   * Wrong credentials, unknown and inactive users all answer UNAUTHENTICATED, in the same time.
   * Failures are counted per account and per (account, client.ip) (ADR 5): a locked account answers
   * UNAUTHENTICATED with tessera-error-code too_many_failed_login_attempts, even for the right password, and so
   * does every login while the counts cannot be read (unless LOGIN_THROTTLE_WITHOUT_REDIS=allow).
   */
  Login: grpc.handleUnaryCall<_tessera_v1_LoginRequest__Output, _tessera_v1_LoginResponse>;
  
  /**
   * Expires the token in `authorization` (multi-token clients), or every active token of its client type
   * (single-token clients), or every token of the user with `everywhere`.
   */
  Logout: grpc.handleUnaryCall<_tessera_v1_LogoutRequest__Output, _tessera_v1_LogoutResponse>;
  
}

export interface AuthServiceDefinition extends grpc.ServiceDefinition {
  Login: MethodDefinition<_tessera_v1_LoginRequest, _tessera_v1_LoginResponse, _tessera_v1_LoginRequest__Output, _tessera_v1_LoginResponse__Output>
  Logout: MethodDefinition<_tessera_v1_LogoutRequest, _tessera_v1_LogoutResponse, _tessera_v1_LogoutRequest__Output, _tessera_v1_LogoutResponse__Output>
}
