// Original file: /work/main/proto/tessera/v1/auth.proto

import type { ClientContext as _tessera_v1_ClientContext, ClientContext__Output as _tessera_v1_ClientContext__Output } from '../../tessera/v1/ClientContext.ts';

export interface LoginRequest {
  /**
   * A username or an email address.
   */
  'login'?: (string);
  'password'?: (string);
  'client'?: (_tessera_v1_ClientContext | null);
  /**
   * Empty: the token's client type is derived from client.user_agent. `browser`: the gateway signs in a session
   * (its console, Frappe's session login), whatever agent sent the password.
   */
  'client_type'?: (string);
}

export interface LoginRequest__Output {
  /**
   * A username or an email address.
   */
  'login': (string);
  'password': (string);
  'client': (_tessera_v1_ClientContext__Output | null);
  /**
   * Empty: the token's client type is derived from client.user_agent. `browser`: the gateway signs in a session
   * (its console, Frappe's session login), whatever agent sent the password.
   */
  'client_type': (string);
}
