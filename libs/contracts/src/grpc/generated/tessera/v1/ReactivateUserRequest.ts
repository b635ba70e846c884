// Original file: /work/main/proto/tessera/v1/user.proto


export interface ReactivateUserRequest {
  'user_id'?: (string);
}

export interface ReactivateUserRequest__Output {
  'user_id': (string);
}
