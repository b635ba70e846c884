// Original file: /work/main/proto/tessera/v1/token.proto


/**
 * A token as issued: the only message that ever carries the token itself, and only once.
 */
export interface IssuedToken {
  'id'?: (string);
  'token'?: (string);
  /**
   * Display form, e.g. "tst_ab12***".
   */
  'masked'?: (string);
  'client_type'?: (string);
  /**
   * RFC 3339 timestamps.
   */
  'created_at'?: (string);
  'expires_at'?: (string);
}

/**
 * A token as issued: the only message that ever carries the token itself, and only once.
 */
export interface IssuedToken__Output {
  'id': (string);
  'token': (string);
  /**
   * Display form, e.g. "tst_ab12***".
   */
  'masked': (string);
  'client_type': (string);
  /**
   * RFC 3339 timestamps.
   */
  'created_at': (string);
  'expires_at': (string);
}
