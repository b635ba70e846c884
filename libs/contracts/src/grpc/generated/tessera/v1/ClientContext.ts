// Original file: /work/main/proto/tessera/v1/auth.proto


/**
 * Where a request came from, as the gateway saw it. Decides the token's client type.
 */
export interface ClientContext {
  'user_agent'?: (string);
  'ip'?: (string);
}

/**
 * Where a request came from, as the gateway saw it. Decides the token's client type.
 */
export interface ClientContext__Output {
  'user_agent': (string);
  'ip': (string);
}
