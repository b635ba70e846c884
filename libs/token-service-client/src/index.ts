export {
  awaitTokenService,
  createTokenServiceClient,
  endClientOf,
  ServiceSecretRefused,
  TokenServiceUnavailable,
  type CheckedCredential,
  type EndClient,
  type OnBehalfOf,
  type TokenServiceClient,
} from './token-service.client.ts';
export { checkedCredential, presentedCredential, type CredentialSources, type PresentedCredential } from './presented-credential.ts';
export { tokenServiceUnavailable } from './unavailable-answer.ts';
export { cacheKeyOf, cachedValidation, type CachedValidation } from './cached-validation.ts';
export { refuseTlsToIpAddress, tokenServicePlaintext, tokenServiceTls } from './token-service-tls.ts';
export { tesseraRpc, type RpcMethod, type RpcRequest, type RpcResponse, type TesseraRpc, type TesseraService } from './tessera-rpc.ts';
