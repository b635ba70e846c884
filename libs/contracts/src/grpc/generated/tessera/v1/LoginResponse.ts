// Original file: /work/main/proto/tessera/v1/auth.proto

import type { User as _tessera_v1_User, User__Output as _tessera_v1_User__Output } from '../../tessera/v1/User.ts';
import type { IssuedToken as _tessera_v1_IssuedToken, IssuedToken__Output as _tessera_v1_IssuedToken__Output } from '../../tessera/v1/IssuedToken.ts';

export interface LoginResponse {
  'user'?: (_tessera_v1_User | null);
  'token'?: (_tessera_v1_IssuedToken | null);
}

export interface LoginResponse__Output {
  'user': (_tessera_v1_User__Output | null);
  'token': (_tessera_v1_IssuedToken__Output | null);
}
