// Original file: /work/main/proto/tessera/v1/user.proto


export interface ChangePasswordRequest {
  /**
   * Empty: the caller, who must then give the current password. Admins may set any user's password.
   */
  'user_id'?: (string);
  'current_password'?: (string);
  'new_password'?: (string);
}

export interface ChangePasswordRequest__Output {
  /**
   * Empty: the caller, who must then give the current password. Admins may set any user's password.
   */
  'user_id': (string);
  'current_password': (string);
  'new_password': (string);
}
