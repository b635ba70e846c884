import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { decodeJson } from './envelope.ts';

/**
 * A token's or API key's use over about a second, counted in memory by the token service (Validate writes nothing
 * to PostgreSQL) and published to the usage topic. `event_id` lets consumers drop a repeated delivery.
 */
export const UsageEvent = Type.Object(
  {
    event_id: Type.String({ format: 'uuid' }),
    type: Type.Literal('CredentialUsed'),
    schema_version: Type.Literal(1),
    occurred_at: Type.String({ format: 'date-time' }),
    data: Type.Object({
      credential: Type.Union([Type.Literal('token'), Type.Literal('api_key')]),
      token_id: Type.String({ minLength: 1, maxLength: 100 }),
      user_id: Type.String({ minLength: 1, maxLength: 100 }),
      client_type: Type.String({ maxLength: 20 }),
      count: Type.Integer({ minimum: 1 }),
      first_used_at: Type.String({ format: 'date-time' }),
      last_used_at: Type.String({ format: 'date-time' }),
      ip: Type.String({ maxLength: 64 }),
      user_agent: Type.String({ maxLength: 1024 }),
    }),
  },
  { additionalProperties: false },
);
export type UsageEvent = Static<typeof UsageEvent>;

const checkUsageEvent = Compile(UsageEvent);

export function decodeUsageEvent(raw: Buffer | string | null): { ok: true; value: UsageEvent } | { ok: false; reason: string } {
  return decodeJson(raw, checkUsageEvent, 'a usage event');
}
