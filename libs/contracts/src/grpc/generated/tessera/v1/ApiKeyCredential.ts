// Original file: /work/main/proto/tessera/v1/validation.proto


export interface ApiKeyCredential {
  'api_key'?: (string);
  'api_secret'?: (string);
}

export interface ApiKeyCredential__Output {
  'api_key': (string);
  'api_secret': (string);
}
