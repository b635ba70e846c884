// Original file: /work/main/proto/tessera/v1/token.proto


export interface RevokeAllTokensResponse {
  'revoked'?: (number);
}

export interface RevokeAllTokensResponse__Output {
  'revoked': (number);
}
