// Original file: /work/main/proto/tessera/v1/token.proto

import type { IssuedToken as _tessera_v1_IssuedToken, IssuedToken__Output as _tessera_v1_IssuedToken__Output } from '../../tessera/v1/IssuedToken.ts';
import type { User as _tessera_v1_User, User__Output as _tessera_v1_User__Output } from '../../tessera/v1/User.ts';

export interface IssueTokenResponse {
  'token'?: (_tessera_v1_IssuedToken | null);
  'user'?: (_tessera_v1_User | null);
}

export interface IssueTokenResponse__Output {
  'token': (_tessera_v1_IssuedToken__Output | null);
  'user': (_tessera_v1_User__Output | null);
}
