// Original file: /work/main/proto/tessera/v1/token.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetTokenRequest as _tessera_v1_GetTokenRequest, GetTokenRequest__Output as _tessera_v1_GetTokenRequest__Output } from '../../tessera/v1/GetTokenRequest.ts';
import type { IssueTokenRequest as _tessera_v1_IssueTokenRequest, IssueTokenRequest__Output as _tessera_v1_IssueTokenRequest__Output } from '../../tessera/v1/IssueTokenRequest.ts';
import type { IssueTokenResponse as _tessera_v1_IssueTokenResponse, IssueTokenResponse__Output as _tessera_v1_IssueTokenResponse__Output } from '../../tessera/v1/IssueTokenResponse.ts';
import type { ListTokensRequest as _tessera_v1_ListTokensRequest, ListTokensRequest__Output as _tessera_v1_ListTokensRequest__Output } from '../../tessera/v1/ListTokensRequest.ts';
import type { ListTokensResponse as _tessera_v1_ListTokensResponse, ListTokensResponse__Output as _tessera_v1_ListTokensResponse__Output } from '../../tessera/v1/ListTokensResponse.ts';
import type { RevokeAllTokensRequest as _tessera_v1_RevokeAllTokensRequest, RevokeAllTokensRequest__Output as _tessera_v1_RevokeAllTokensRequest__Output } from '../../tessera/v1/RevokeAllTokensRequest.ts';
import type { RevokeAllTokensResponse as _tessera_v1_RevokeAllTokensResponse, RevokeAllTokensResponse__Output as _tessera_v1_RevokeAllTokensResponse__Output } from '../../tessera/v1/RevokeAllTokensResponse.ts';
import type { RevokeTokenRequest as _tessera_v1_RevokeTokenRequest, RevokeTokenRequest__Output as _tessera_v1_RevokeTokenRequest__Output } from '../../tessera/v1/RevokeTokenRequest.ts';
import type { Token as _tessera_v1_Token, Token__Output as _tessera_v1_Token__Output } from '../../tessera/v1/Token.ts';

/**
 * Token management. Every call acts as the caller whose token is in the `authorization` metadata; admins may act on
 * any user's tokens, others on their own only.
 */
export interface TokenServiceClient extends grpc.Client {
  GetToken(argument: _tessera_v1_GetTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  GetToken(argument: _tessera_v1_GetTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  GetToken(argument: _tessera_v1_GetTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  GetToken(argument: _tessera_v1_GetTokenRequest, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  getToken(argument: _tessera_v1_GetTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  getToken(argument: _tessera_v1_GetTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  getToken(argument: _tessera_v1_GetTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  getToken(argument: _tessera_v1_GetTokenRequest, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  
  /**
   * Issues a named token for the caller (or, for an admin, for `user_id`), with an expiry and an optional policy.
   */
  IssueToken(argument: _tessera_v1_IssueTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _tessera_v1_IssueTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _tessera_v1_IssueTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _tessera_v1_IssueTokenRequest, callback: grpc.requestCallback<_tessera_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Issues a named token for the caller (or, for an admin, for `user_id`), with an expiry and an optional policy.
   */
  issueToken(argument: _tessera_v1_IssueTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _tessera_v1_IssueTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _tessera_v1_IssueTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _tessera_v1_IssueTokenRequest, callback: grpc.requestCallback<_tessera_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  
  ListTokens(argument: _tessera_v1_ListTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  ListTokens(argument: _tessera_v1_ListTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  ListTokens(argument: _tessera_v1_ListTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  ListTokens(argument: _tessera_v1_ListTokensRequest, callback: grpc.requestCallback<_tessera_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _tessera_v1_ListTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _tessera_v1_ListTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _tessera_v1_ListTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _tessera_v1_ListTokensRequest, callback: grpc.requestCallback<_tessera_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Expires every active token of a user ("log out everywhere").
   */
  RevokeAllTokens(argument: _tessera_v1_RevokeAllTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_RevokeAllTokensResponse__Output>): grpc.ClientUnaryCall;
  RevokeAllTokens(argument: _tessera_v1_RevokeAllTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_RevokeAllTokensResponse__Output>): grpc.ClientUnaryCall;
  RevokeAllTokens(argument: _tessera_v1_RevokeAllTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_RevokeAllTokensResponse__Output>): grpc.ClientUnaryCall;
  RevokeAllTokens(argument: _tessera_v1_RevokeAllTokensRequest, callback: grpc.requestCallback<_tessera_v1_RevokeAllTokensResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Expires every active token of a user ("log out everywhere").
   */
  revokeAllTokens(argument: _tessera_v1_RevokeAllTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_RevokeAllTokensResponse__Output>): grpc.ClientUnaryCall;
  revokeAllTokens(argument: _tessera_v1_RevokeAllTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_RevokeAllTokensResponse__Output>): grpc.ClientUnaryCall;
  revokeAllTokens(argument: _tessera_v1_RevokeAllTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_RevokeAllTokensResponse__Output>): grpc.ClientUnaryCall;
  revokeAllTokens(argument: _tessera_v1_RevokeAllTokensRequest, callback: grpc.requestCallback<_tessera_v1_RevokeAllTokensResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Revokes one token with a reason; it is refused everywhere before this call returns.
   */
  RevokeToken(argument: _tessera_v1_RevokeTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _tessera_v1_RevokeTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _tessera_v1_RevokeTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _tessera_v1_RevokeTokenRequest, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  /**
   * Revokes one token with a reason; it is refused everywhere before this call returns.
   */
  revokeToken(argument: _tessera_v1_RevokeTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _tessera_v1_RevokeTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _tessera_v1_RevokeTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _tessera_v1_RevokeTokenRequest, callback: grpc.requestCallback<_tessera_v1_Token__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Token management. Every call acts as the caller whose token is in the `authorization` metadata; admins may act on
 * any user's tokens, others on their own only.
 */
export interface TokenServiceHandlers extends grpc.UntypedServiceImplementation {
  GetToken: grpc.handleUnaryCall<_tessera_v1_GetTokenRequest__Output, _tessera_v1_Token>;
  
  /**
   * Issues a named token for the caller (or, for an admin, for `user_id`), with an expiry and an optional policy.
   */
  IssueToken: grpc.handleUnaryCall<_tessera_v1_IssueTokenRequest__Output, _tessera_v1_IssueTokenResponse>;
  
  ListTokens: grpc.handleUnaryCall<_tessera_v1_ListTokensRequest__Output, _tessera_v1_ListTokensResponse>;
  
  /**
   * Expires every active token of a user ("log out everywhere").
   */
  RevokeAllTokens: grpc.handleUnaryCall<_tessera_v1_RevokeAllTokensRequest__Output, _tessera_v1_RevokeAllTokensResponse>;
  
  /**
   * Revokes one token with a reason; it is refused everywhere before this call returns.
   */
  RevokeToken: grpc.handleUnaryCall<_tessera_v1_RevokeTokenRequest__Output, _tessera_v1_Token>;
  
}

export interface TokenServiceDefinition extends grpc.ServiceDefinition {
  GetToken: MethodDefinition<_tessera_v1_GetTokenRequest, _tessera_v1_Token, _tessera_v1_GetTokenRequest__Output, _tessera_v1_Token__Output>
  IssueToken: MethodDefinition<_tessera_v1_IssueTokenRequest, _tessera_v1_IssueTokenResponse, _tessera_v1_IssueTokenRequest__Output, _tessera_v1_IssueTokenResponse__Output>
  ListTokens: MethodDefinition<_tessera_v1_ListTokensRequest, _tessera_v1_ListTokensResponse, _tessera_v1_ListTokensRequest__Output, _tessera_v1_ListTokensResponse__Output>
  RevokeAllTokens: MethodDefinition<_tessera_v1_RevokeAllTokensRequest, _tessera_v1_RevokeAllTokensResponse, _tessera_v1_RevokeAllTokensRequest__Output, _tessera_v1_RevokeAllTokensResponse__Output>
  RevokeToken: MethodDefinition<_tessera_v1_RevokeTokenRequest, _tessera_v1_Token, _tessera_v1_RevokeTokenRequest__Output, _tessera_v1_Token__Output>
}
