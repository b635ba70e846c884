export * from './events/index.ts';
export * from './grpc/index.ts';
export { serviceSecretHeader } from './service-secret.ts';
export { credentialCacheKey, digestOf } from './credential-cache-key.ts';
export {
  ClientTypeSchema, CredentialIdSchema, EmailSchema, EventTypeSchema, RoleSchema, TokenIdSchema, UserIdSchema, UsernameSchema, Vocabulary, vocabulary,
} from './vocabulary.ts';
