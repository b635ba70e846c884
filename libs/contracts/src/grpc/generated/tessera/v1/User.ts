// Original file: /work/main/proto/tessera/v1/user.proto


/**
 * A user as callers see it. It never carries a credential or a password digest.
 */
export interface User {
  'id'?: (string);
  'username'?: (string);
  'email'?: (string);
  'first_name'?: (string);
  'last_name'?: (string);
  'roles'?: (string)[];
  'active'?: (boolean);
}

/**
 * A user as callers see it. It never carries a credential or a password digest.
 */
export interface User__Output {
  'id': (string);
  'username': (string);
  'email': (string);
  'first_name': (string);
  'last_name': (string);
  'roles': (string)[];
  'active': (boolean);
}
