// Original file: /work/main/proto/tessera/v1/validation.proto

import type { ClientContext as _tessera_v1_ClientContext, ClientContext__Output as _tessera_v1_ClientContext__Output } from '../../tessera/v1/ClientContext.ts';

/**
 * What one caller saw of one credential since its last report.
 */
export interface CredentialUses {
  /**
   * "token" or "api_key".
   */
  'credential'?: (string);
  'token_id'?: (string);
  'user_id'?: (string);
  'client_type'?: (string);
  'count'?: (number);
  /**
   * ISO 8601.
   */
  'first_used_at'?: (string);
  'last_used_at'?: (string);
  /**
   * The end client of the last use.
   */
  'client'?: (_tessera_v1_ClientContext | null);
}

/**
 * What one caller saw of one credential since its last report.
 */
export interface CredentialUses__Output {
  /**
   * "token" or "api_key".
   */
  'credential': (string);
  'token_id': (string);
  'user_id': (string);
  'client_type': (string);
  'count': (number);
  /**
   * ISO 8601.
   */
  'first_used_at': (string);
  'last_used_at': (string);
  /**
   * The end client of the last use.
   */
  'client': (_tessera_v1_ClientContext__Output | null);
}
