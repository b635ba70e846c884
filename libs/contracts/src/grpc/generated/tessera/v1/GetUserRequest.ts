// Original file: /work/main/proto/tessera/v1/user.proto


export interface GetUserRequest {
  /**
   * Empty: the caller.
   */
  'user_id'?: (string);
  /**
   * Instead of the id: a username (any case) or an email, as Frappe's clients name users. Admins only, but for
   * the caller's own name.
   */
  'login'?: (string);
}

export interface GetUserRequest__Output {
  /**
   * Empty: the caller.
   */
  'user_id': (string);
  /**
   * Instead of the id: a username (any case) or an email, as Frappe's clients name users. Admins only, but for
   * the caller's own name.
   */
  'login': (string);
}
