// Original file: /work/main/proto/tessera/v1/token.proto

import type { Long } from '@grpc/proto-loader';

export interface IssueTokenRequest {
  /**
   * Empty: the caller.
   */
  'user_id'?: (string);
  'note'?: (string);
  /**
   * Lifetime in seconds; 0 uses the configured expiry of the client type.
   */
  'expires_in_seconds'?: (number | string | Long);
  /**
   * Djblets policy JSON; empty for full access.
   */
  'policy'?: (string);
  /**
   * Defaults to "sdk" for tokens made by hand.
   */
  'client_type'?: (string);
}

export interface IssueTokenRequest__Output {
  /**
   * Empty: the caller.
   */
  'user_id': (string);
  'note': (string);
  /**
   * Lifetime in seconds; 0 uses the configured expiry of the client type.
   */
  'expires_in_seconds': (string);
  /**
   * Djblets policy JSON; empty for full access.
   */
  'policy': (string);
  /**
   * Defaults to "sdk" for tokens made by hand.
   */
  'client_type': (string);
}
