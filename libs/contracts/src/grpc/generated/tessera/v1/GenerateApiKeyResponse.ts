// Original file: /work/main/proto/tessera/v1/api_key.proto


export interface GenerateApiKeyResponse {
  'api_key'?: (string);
  /**
   * Shown once; stored only as its SHA-256 digest.
   */
  'api_secret'?: (string);
  'user_id'?: (string);
}

export interface GenerateApiKeyResponse__Output {
  'api_key': (string);
  /**
   * Shown once; stored only as its SHA-256 digest.
   */
  'api_secret': (string);
  'user_id': (string);
}
