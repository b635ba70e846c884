// Original file: /work/main/proto/tessera/v1/token.proto


export interface RevokeTokenRequest {
  'token_id'?: (string);
  'reason'?: (string);
}

export interface RevokeTokenRequest__Output {
  'token_id': (string);
  'reason': (string);
}
