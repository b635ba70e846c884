import { Type, type Static } from 'typebox';
import {
  apiKeyIdPattern, clientTypes, emailMaxLength, emailPattern, idMaxLength, roles, tokenIdPattern, userIdPattern, usernameMaxLength, usernamePattern,
} from '@tessera/domain';
import { tokenServiceEventTypes } from './events/token-service-events.ts';

/**
 * The shared vocabulary as request schemas, built from the domain's lists and rules and the events' contract, so every
 * service refuses the same input and every OpenAPI document lists the same values.
 */
export const ClientTypeSchema = Type.Enum(clientTypes);
export const EventTypeSchema = Type.Enum(tokenServiceEventTypes);
export const RoleSchema = Type.Enum(roles);
export const UsernameSchema = Type.String({ minLength: 1, maxLength: usernameMaxLength, pattern: usernamePattern });
export const EmailSchema = Type.String({ minLength: 3, maxLength: emailMaxLength, pattern: emailPattern });
export const UserIdSchema = Type.String({ minLength: 5, maxLength: idMaxLength, pattern: userIdPattern });
export const TokenIdSchema = Type.String({ minLength: 5, maxLength: idMaxLength, pattern: tokenIdPattern });
/** A token's id or an API key's: both name a credential in the audit's records. */
export const CredentialIdSchema = Type.Union([TokenIdSchema, Type.String({ pattern: apiKeyIdPattern })], { description: 'A token id or an API key' });

/** The lists a client offers its user to pick from (the audit dashboard's filters), served rather than copied. */
export const Vocabulary = Type.Object({ client_types: Type.Array(ClientTypeSchema), event_types: Type.Array(EventTypeSchema) });
export const vocabulary: Static<typeof Vocabulary> = { client_types: [...clientTypes], event_types: [...tokenServiceEventTypes] };
