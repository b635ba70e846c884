// Original file: /work/main/proto/tessera/v1/user.proto


export interface GetUserRequest {
  /**
   * Empty: the caller.
   */
  'user_id'?: (string);
}

export interface GetUserRequest__Output {
  /**
   * Empty: the caller.
   */
  'user_id': (string);
}
