// Original file: /work/main/proto/tessera/v1/auth.proto


export interface LogoutResponse {
  'expired'?: (number);
}

export interface LogoutResponse__Output {
  'expired': (number);
}
