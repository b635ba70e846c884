// Original file: /work/main/proto/tessera/v1/user.proto


export interface DeactivateUserRequest {
  'user_id'?: (string);
  'reason'?: (string);
}

export interface DeactivateUserRequest__Output {
  'user_id': (string);
  'reason': (string);
}
