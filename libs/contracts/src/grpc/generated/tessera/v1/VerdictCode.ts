// Original file: /work/main/proto/tessera/v1/validation.proto

export const VerdictCode = {
  VERDICT_CODE_UNSPECIFIED: 'VERDICT_CODE_UNSPECIFIED',
  VALID: 'VALID',
  /**
   * Unknown, or known but not to be told apart from unknown.
   */
  NOT_FOUND: 'NOT_FOUND',
  /**
   * Not a credential of ours: wrong length, prefix, alphabet or checksum. Answered without any lookup.
   */
  MALFORMED: 'MALFORMED',
  EXPIRED: 'EXPIRED',
  REVOKED: 'REVOKED',
  USER_INACTIVE: 'USER_INACTIVE',
  FORBIDDEN: 'FORBIDDEN',
} as const;

export type VerdictCode =
  | 'VERDICT_CODE_UNSPECIFIED'
  | 0
  | 'VALID'
  | 1
  /**
   * Unknown, or known but not to be told apart from unknown.
   */
  | 'NOT_FOUND'
  | 2
  /**
   * Not a credential of ours: wrong length, prefix, alphabet or checksum. Answered without any lookup.
   */
  | 'MALFORMED'
  | 3
  | 'EXPIRED'
  | 4
  | 'REVOKED'
  | 5
  | 'USER_INACTIVE'
  | 6
  | 'FORBIDDEN'
  | 7

export type VerdictCode__Output = typeof VerdictCode[keyof typeof VerdictCode]
