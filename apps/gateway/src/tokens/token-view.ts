import { Type, type Static } from 'typebox';
import type { Token__Output } from '@tessera/contracts';
import type { LastUsed } from '../audit/token-activity.client.ts';

/** What a token looks like to its owner: never the token itself, which was shown once when it was made. */
export const TokenView = Type.Object({
  id: Type.String(),
  user_id: Type.String(),
  client_type: Type.String(),
  note: Type.String(),
  masked: Type.String({ description: 'The first characters of the token, enough to recognise it' }),
  created_at: Type.String({ format: 'date-time' }),
  expires_at: Type.String({ format: 'date-time' }),
  last_used_at: Type.Union([Type.String(), Type.Null()], {
    description: 'ISO 8601; null when never used; "unknown" while the audit service cannot say',
  }),
  valid: Type.Boolean(),
  invalid_reason: Type.Union([Type.String(), Type.Null()]),
  invalid_date: Type.Union([Type.String(), Type.Null()]),
  policy: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  current: Type.Boolean({ description: 'The token this request was made with' }),
});
export type TokenView = Static<typeof TokenView>;

export function tokenView(token: Token__Output, lastUsed: LastUsed | undefined, currentTokenId: string): TokenView {
  return {
    id: token.id,
    user_id: token.user_id,
    client_type: token.client_type,
    note: token.note,
    masked: token.masked,
    created_at: token.created_at,
    expires_at: token.expires_at,
    last_used_at: lastUsed ? (lastUsed.get(token.id) ?? null) : 'unknown',
    valid: token.valid,
    invalid_reason: token.invalid_reason || null,
    invalid_date: token.invalid_date || null,
    policy: token.policy ? (JSON.parse(token.policy) as Record<string, unknown>) : null,
    current: token.id === currentTokenId,
  };
}
