// Original file: /work/main/proto/tessera/v1/token.proto


export interface ListTokensRequest {
  /**
   * Empty: the caller. Admins may name any user, or list every user's tokens with all_users.
   */
  'user_id'?: (string);
  'client_type'?: (string);
  'include_invalid'?: (boolean);
  'all_users'?: (boolean);
}

export interface ListTokensRequest__Output {
  /**
   * Empty: the caller. Admins may name any user, or list every user's tokens with all_users.
   */
  'user_id': (string);
  'client_type': (string);
  'include_invalid': (boolean);
  'all_users': (boolean);
}
