// Original file: /work/main/proto/tessera/v1/user.proto


export interface GetUserRequest {
  /**
   * Empty: the caller.
   */
  'user_id'?: (string);
  /**
   * Instead of user_id: a username (any case), an email or an id, as Frappe's clients name users. Admins only, but
   * for the caller's own username.
   */
  'login'?: (string);
}

export interface GetUserRequest__Output {
  /**
   * Empty: the caller.
   */
  'user_id': (string);
  /**
   * Instead of user_id: a username (any case), an email or an id, as Frappe's clients name users. Admins only, but
   * for the caller's own username.
   */
  'login': (string);
}
