// Original file: /work/main/proto/tessera/v1/validation.proto

import type { CredentialUses as _tessera_v1_CredentialUses, CredentialUses__Output as _tessera_v1_CredentialUses__Output } from '../../tessera/v1/CredentialUses.ts';

export interface RecordUsesRequest {
  'uses'?: (_tessera_v1_CredentialUses)[];
}

export interface RecordUsesRequest__Output {
  'uses': (_tessera_v1_CredentialUses__Output)[];
}
