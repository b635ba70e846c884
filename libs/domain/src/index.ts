export { foldEvents, type Decider } from './shared/decider.ts';
export { specification } from './shared/decider-specification.ts';
export { AuthenticationError, DomainError, IllegalStateError, NotFoundError, ValidationError } from './shared/domain-error.ts';
export { clientTypeFromUserAgent, clientTypes, singleTokenClientTypes, type ClientType } from './token/client-type.ts';
export { decideToken, tokenDecider, type TokenCommand } from './token/token.decider.ts';
export { evolveToken, initialTokenState, type TokenEvent, type TokenState } from './token/token.ts';
export { formatToken, maskToken, parseToken, randomBytesPerToken, tokenLength, tokenPrefix, type TokenParse } from './token/token-format.ts';
export { decideUser, userDecider, type UserCommand } from './user/user.decider.ts';
export { evolveUser, initialUserState, type LoginAttempt, type UserEvent, type UserRegistration, type UserState } from './user/user.ts';
