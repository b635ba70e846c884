// Original file: /work/main/proto/tessera/v1/validation.proto

import type { VerdictCode as _tessera_v1_VerdictCode, VerdictCode__Output as _tessera_v1_VerdictCode__Output } from '../../tessera/v1/VerdictCode.ts';
import type { User as _tessera_v1_User, User__Output as _tessera_v1_User__Output } from '../../tessera/v1/User.ts';
import type { Token as _tessera_v1_Token, Token__Output as _tessera_v1_Token__Output } from '../../tessera/v1/Token.ts';

export interface ValidateResponse {
  'valid'?: (boolean);
  'code'?: (_tessera_v1_VerdictCode);
  /**
   * Set when the credential was found (valid, expired, revoked or of an inactive user).
   */
  'user'?: (_tessera_v1_User | null);
  'token'?: (_tessera_v1_Token | null);
  /**
   * The token's policy as JSON, for internal services that enforce it themselves; empty means full access.
   */
  'policy'?: (string);
}

export interface ValidateResponse__Output {
  'valid': (boolean);
  'code': (_tessera_v1_VerdictCode__Output);
  /**
   * Set when the credential was found (valid, expired, revoked or of an inactive user).
   */
  'user': (_tessera_v1_User__Output | null);
  'token': (_tessera_v1_Token__Output | null);
  /**
   * The token's policy as JSON, for internal services that enforce it themselves; empty means full access.
   */
  'policy': (string);
}
