// Original file: /work/main/proto/tessera/v1/auth.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { LoginRequest as _tessera_v1_LoginRequest, LoginRequest__Output as _tessera_v1_LoginRequest__Output } from '../../tessera/v1/LoginRequest.ts';
import type { LoginResponse as _tessera_v1_LoginResponse, LoginResponse__Output as _tessera_v1_LoginResponse__Output } from '../../tessera/v1/LoginResponse.ts';

/**
 * Sign-in: the only place a password is accepted.
 */
export interface AuthServiceClient extends grpc.Client {
  /**
   * Exchanges a username (case-insensitive) or an email, and a password, for a new token.
   * Wrong credentials, unknown and inactive users all answer UNAUTHENTICATED, in the same time.
   */
  Login(argument: _tessera_v1_LoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _tessera_v1_LoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _tessera_v1_LoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _tessera_v1_LoginRequest, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Exchanges a username (case-insensitive) or an email, and a password, for a new token.
   * Wrong credentials, unknown and inactive users all answer UNAUTHENTICATED, in the same time.
   */
  login(argument: _tessera_v1_LoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _tessera_v1_LoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _tessera_v1_LoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _tessera_v1_LoginRequest, callback: grpc.requestCallback<_tessera_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Sign-in: the only place a password is accepted.
 */
export interface AuthServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Exchanges a username (case-insensitive) or an email, and a password, for a new token.
   * Wrong credentials, unknown and inactive users all answer UNAUTHENTICATED, in the same time.
   */
  Login: grpc.handleUnaryCall<_tessera_v1_LoginRequest__Output, _tessera_v1_LoginResponse>;
  
}

export interface AuthServiceDefinition extends grpc.ServiceDefinition {
  Login: MethodDefinition<_tessera_v1_LoginRequest, _tessera_v1_LoginResponse, _tessera_v1_LoginRequest__Output, _tessera_v1_LoginResponse__Output>
}
