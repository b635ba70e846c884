// Original file: /work/main/proto/tessera/v1/user.proto


export interface LoginLockoutRequest {
  /**
   * A username (any case), an email or a user id.
   */
  'login'?: (string);
}

export interface LoginLockoutRequest__Output {
  /**
   * A username (any case), an email or a user id.
   */
  'login': (string);
}
