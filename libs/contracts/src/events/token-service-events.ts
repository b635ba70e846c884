import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { decodeEnvelope, type EventEnvelope } from './envelope.ts';

/**
 * The public shape of each token service event, version 1: what consumers may rely on. Closed objects, so a field
 * that must never leave (a digest, a password hash) fails the contract instead of slipping out unnoticed.
 */
const id = Type.String({ minLength: 1, maxLength: 100 });
const time = Type.String({ format: 'date-time' });
const clientType = Type.String({ maxLength: 20 });
const closed = <P extends Record<string, TSchema>>(properties: P) => Type.Object(properties, { additionalProperties: false });
const loginAttempt = { user_id: id, client_type: clientType, user_agent: Type.String({ maxLength: 1024 }), ip: Type.String({ maxLength: 64 }), at: time };
const policySection = closed({ allow: Type.Array(Type.String()), block: Type.Array(Type.String()) });
/**
 * Who acted (a user, and the token or API key they used), on every event a caller caused. Optional: the store is the
 * record and projections are rebuilt from it, so events written before actors were recorded must still be read.
 */
// `bootstrap`: the token service itself made or revived the admin named in user_id, when no active admin was left.
export const ActorSchema = closed({ user_id: id, credential: Type.Union([Type.Literal('token'), Type.Literal('api_key'), Type.Literal('bootstrap')]), credential_id: id });
const actor = { actor: Type.Optional(ActorSchema) };
const apiKeySecret = closed({ api_key: id, user_id: id, masked_secret: Type.String({ maxLength: 20 }), at: time, ...actor });

export const tokenServiceEventData = {
  UserRegistered: closed({
    user_id: id, username: Type.String({ maxLength: 150 }), email: Type.String({ maxLength: 320 }), first_name: Type.String(),
    last_name: Type.String(), roles: Type.Array(Type.String()), registered_at: time, ...actor,
  }),
  UserDeactivated: closed({ user_id: id, reason: Type.String(), at: time, ...actor }),
  UserReactivated: closed({ user_id: id, at: time, ...actor }),
  PasswordChanged: closed({ user_id: id, at: time, ...actor }),
  LoginSucceeded: closed({ ...loginAttempt, token_id: id }),
  LoginFailed: closed({ ...loginAttempt, reason: Type.Union([Type.Literal('wrong_password'), Type.Literal('user_inactive')]) }),
  LoginLockoutLifted: closed({ user_id: id, failures: Type.Integer({ minimum: 1 }), at: time, actor: ActorSchema }),
  UnknownLoginFailed: closed({ client_type: clientType, user_agent: Type.String({ maxLength: 1024 }), ip: Type.String({ maxLength: 64 }), at: time }),
  TokenIssued: closed({
    token_id: id, user_id: id, client_type: clientType, user_agent: Type.String({ maxLength: 1024 }), note: Type.String({ maxLength: 255 }),
    masked: Type.String({ maxLength: 20 }), policy: Type.Union([Type.Null(), closed({ resources: Type.Record(Type.String(), policySection) })]),
    created_at: time, expires_at: time, ...actor,
  }),
  TokenRevoked: closed({ token_id: id, user_id: id, reason: Type.String({ maxLength: 255 }), at: time, ...actor }),
  TokenExpired: closed({ token_id: id, user_id: id, reason: Type.String({ maxLength: 50 }), at: time, ...actor }),
  ApiKeyGenerated: apiKeySecret,
  ApiSecretRegenerated: apiKeySecret,
} as const;

export type TokenServiceEventType = keyof typeof tokenServiceEventData;
/** Every event type the token service publishes, in the order above. */
export const tokenServiceEventTypes = Object.keys(tokenServiceEventData) as TokenServiceEventType[];
export type TokenServiceEventOf<T extends TokenServiceEventType> = Omit<EventEnvelope, 'type' | 'data'> & {
  type: T;
  data: Static<(typeof tokenServiceEventData)[T]>;
};
export type TokenServiceEvent = { [T in TokenServiceEventType]: TokenServiceEventOf<T> }[TokenServiceEventType];

const checks = Object.fromEntries(Object.entries(tokenServiceEventData).map(([type, schema]) => [type, Compile(schema)]));

export type DecodedTokenServiceEvent = { ok: true; event: TokenServiceEvent } | { ok: false; reason: string };

/** An envelope from the events topic, checked down to its data; anything else comes back with the reason. */
export function decodeTokenServiceEvent(raw: Buffer | string | null): DecodedTokenServiceEvent {
  const decoded = decodeEnvelope(raw);
  if (!decoded.ok) return decoded;
  const { envelope } = decoded;
  const check = checks[envelope.type];
  if (!check) return { ok: false, reason: `unknown event type ${JSON.stringify(envelope.type)}` };
  if (envelope.schema_version !== 1) return { ok: false, reason: `unknown schema_version ${envelope.schema_version} of ${envelope.type}` };
  if (!check.Check(envelope.data)) {
    const problems = [...check.Errors(envelope.data)].slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
    return { ok: false, reason: `${envelope.type} data does not match its schema: ${problems.join('; ')}` };
  }
  return { ok: true, event: envelope as TokenServiceEvent };
}
