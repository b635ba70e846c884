// Original file: /work/main/proto/tessera/v1/token.proto


export interface GetTokenRequest {
  'token_id'?: (string);
}

export interface GetTokenRequest__Output {
  'token_id': (string);
}
