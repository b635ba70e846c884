// Original file: /work/main/proto/tessera/v1/token.proto


export interface RevokeAllTokensRequest {
  /**
   * Empty: the caller.
   */
  'user_id'?: (string);
  'client_type'?: (string);
}

export interface RevokeAllTokensRequest__Output {
  /**
   * Empty: the caller.
   */
  'user_id': (string);
  'client_type': (string);
}
