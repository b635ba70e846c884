// Original file: /work/main/proto/tessera/v1/user.proto


export interface ChangePasswordResponse {
  'revoked_tokens'?: (number);
}

export interface ChangePasswordResponse__Output {
  'revoked_tokens': (number);
}
