// Original file: /work/main/proto/tessera/v1/token.proto


/**
 * A token as listed: never the token itself, only its masked prefix.
 */
export interface Token {
  'id'?: (string);
  'user_id'?: (string);
  'client_type'?: (string);
  'user_agent'?: (string);
  /**
   * The token's name or note, e.g. "CI deploy key".
   */
  'note'?: (string);
  'masked'?: (string);
  /**
   * RFC 3339 timestamps; invalid_date is empty while the token is valid.
   */
  'created_at'?: (string);
  'expires_at'?: (string);
  'valid'?: (boolean);
  'invalid_reason'?: (string);
  'invalid_date'?: (string);
  /**
   * The token's policy as JSON (Djblets' format); empty means full access.
   */
  'policy'?: (string);
}

/**
 * A token as listed: never the token itself, only its masked prefix.
 */
export interface Token__Output {
  'id': (string);
  'user_id': (string);
  'client_type': (string);
  'user_agent': (string);
  /**
   * The token's name or note, e.g. "CI deploy key".
   */
  'note': (string);
  'masked': (string);
  /**
   * RFC 3339 timestamps; invalid_date is empty while the token is valid.
   */
  'created_at': (string);
  'expires_at': (string);
  'valid': (boolean);
  'invalid_reason': (string);
  'invalid_date': (string);
  /**
   * The token's policy as JSON (Djblets' format); empty means full access.
   */
  'policy': (string);
}
