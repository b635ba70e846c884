// Original file: /work/main/proto/tessera/v1/validation.proto

import type { ApiKeyCredential as _tessera_v1_ApiKeyCredential, ApiKeyCredential__Output as _tessera_v1_ApiKeyCredential__Output } from '../../tessera/v1/ApiKeyCredential.ts';
import type { ClientContext as _tessera_v1_ClientContext, ClientContext__Output as _tessera_v1_ClientContext__Output } from '../../tessera/v1/ClientContext.ts';

export interface ValidateRequest {
  'token'?: (string);
  'api_key'?: (_tessera_v1_ApiKeyCredential | null);
  /**
   * Counted into the usage events of the credential.
   */
  'client'?: (_tessera_v1_ClientContext | null);
  'credential'?: "token"|"api_key";
}

export interface ValidateRequest__Output {
  'token'?: (string);
  'api_key'?: (_tessera_v1_ApiKeyCredential__Output | null);
  /**
   * Counted into the usage events of the credential.
   */
  'client': (_tessera_v1_ClientContext__Output | null);
  'credential'?: "token"|"api_key";
}
