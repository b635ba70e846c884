export {
  awaitTokenService,
  createTokenServiceClient,
  ServiceSecretRefused,
  TokenServiceUnavailable,
  type CheckedCredential,
  type EndClient,
  type OnBehalfOf,
  type TokenServiceClient,
} from './token-service.client.ts';
export { presentedCredential, type CredentialSources, type PresentedCredential } from './presented-credential.ts';
export { tokenServiceUnavailable } from './unavailable-answer.ts';
