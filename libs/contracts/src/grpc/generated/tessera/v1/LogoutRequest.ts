// Original file: /work/main/proto/tessera/v1/auth.proto


export interface LogoutRequest {
  'everywhere'?: (boolean);
}

export interface LogoutRequest__Output {
  'everywhere': (boolean);
}
