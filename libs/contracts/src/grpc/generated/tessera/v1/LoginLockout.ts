// Original file: /work/main/proto/tessera/v1/user.proto


export interface LoginLockout {
  'user_id'?: (string);
  /**
   * Failed logins counted against the account, from every address, within the lockout period.
   */
  'failures'?: (number);
  /**
   * The account's own limit is reached: locked at every address.
   */
  'locked_everywhere'?: (boolean);
  /**
   * Addresses at which the account is locked (the per-address limit). Not named: only their digests are kept.
   */
  'locked_addresses'?: (number);
  /**
   * When the last lock ends (RFC 3339); empty when none holds.
   */
  'locked_until'?: (string);
}

export interface LoginLockout__Output {
  'user_id': (string);
  /**
   * Failed logins counted against the account, from every address, within the lockout period.
   */
  'failures': (number);
  /**
   * The account's own limit is reached: locked at every address.
   */
  'locked_everywhere': (boolean);
  /**
   * Addresses at which the account is locked (the per-address limit). Not named: only their digests are kept.
   */
  'locked_addresses': (number);
  /**
   * When the last lock ends (RFC 3339); empty when none holds.
   */
  'locked_until': (string);
}
