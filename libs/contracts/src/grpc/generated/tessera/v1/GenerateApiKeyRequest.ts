// Original file: /work/main/proto/tessera/v1/api_key.proto


export interface GenerateApiKeyRequest {
  'user_id'?: (string);
}

export interface GenerateApiKeyRequest__Output {
  'user_id': (string);
}
