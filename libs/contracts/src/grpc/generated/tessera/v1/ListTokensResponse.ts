// Original file: /work/main/proto/tessera/v1/token.proto

import type { Token as _tessera_v1_Token, Token__Output as _tessera_v1_Token__Output } from '../../tessera/v1/Token.ts';

export interface ListTokensResponse {
  'tokens'?: (_tessera_v1_Token)[];
}

export interface ListTokensResponse__Output {
  'tokens': (_tessera_v1_Token__Output)[];
}
