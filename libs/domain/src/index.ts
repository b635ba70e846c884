export { foldEvents, type Decider } from './shared/decider.ts';
export { specification } from './shared/decider-specification.ts';
export type { Actor } from './shared/actor.ts';
export { AuthenticationError, DomainError, IllegalStateError, NotFoundError, PermissionError, ValidationError } from './shared/domain-error.ts';
export {
  emailMaxLength, emailPattern, idMaxLength, idPrefixes, isEmail, isUsername, tokenIdPattern, userIdPattern, usernameMaxLength, usernamePattern,
} from './shared/identifiers.ts';
export { apiKeyIdPattern, apiKeyIdRandomBytes, formatApiKeyId, isApiKeyId } from './api-key/api-key-format.ts';
export { apiKeyDecider, decideApiKey, type ApiKeyCommand } from './api-key/api-key.decider.ts';
export { evolveApiKey, initialApiKeyState, type ApiKeyEvent, type ApiKeySecret, type ApiKeyState } from './api-key/api-key.ts';
export { isAllowed, parsePolicy, policyMethods, type Policy, type PolicySection } from './policy/policy.ts';
export { clientTypeFromUserAgent, clientTypes, singleTokenClientTypes, type ClientType } from './token/client-type.ts';
export { defaultMaxTtlHours, expiryFor, type ExpirySettings } from './token/expiry.ts';
export { tokensToExpireOnLogin, tokensToExpireOnLogout, tokensToRevokeOnDeactivation, tokensToRevokeOnPasswordChange, type ActiveToken } from './token/sessions.ts';
export { decideToken, tokenDecider, type TokenCommand } from './token/token.decider.ts';
export { evolveToken, initialTokenState, type ExpiryReason, type TokenEvent, type TokenState } from './token/token.ts';
export { formatToken, maskToken, parseToken, randomBytesPerToken, tokenLength, tokenPrefix, type TokenParse } from './token/token-format.ts';
export { userForLogin } from './user/login-identity.ts';
export { tooManyFailedLogins } from './user/login-refusals.ts';
export { unknownLoginDecider, type UnknownLoginAttempt, type UnknownLoginCommand, type UnknownLoginEvent } from './user/unknown-login.ts';
export { decideUser, userDecider, type UserCommand } from './user/user.decider.ts';
export { evolveUser, initialUserState, roles, type LoginAttempt, type Role, type UserEvent, type UserRegistration, type UserState } from './user/user.ts';
export { refusalMessage, verdictFor, type CredentialFacts, type VerdictCode } from './validation/verdict.ts';
