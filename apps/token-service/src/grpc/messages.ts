import type { Metadata } from '@grpc/grpc-js';
import type { Token, User } from '@tessera/contracts';
import type { TokenRow } from '../tokens/token-queries.ts';
import type { UserProfile } from '../users/user-queries.ts';

// Mapping between the projections' rows and the proto's messages, in one place.

export const userMessage = (user: UserProfile): User => ({ ...user });

export function tokenMessage(row: TokenRow): Token {
  return {
    id: row.token_id,
    user_id: row.user_id,
    client_type: row.client_type,
    user_agent: row.user_agent,
    note: row.note,
    masked: row.masked,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
    valid: row.valid,
    invalid_reason: row.invalid_reason,
    invalid_date: row.invalid_date?.toISOString() ?? '',
    policy: row.policy === null ? '' : JSON.stringify(row.policy),
  };
}

/** The end client's address and User-Agent, as the gateway saw them: what usage events record for a management call. */
export function clientOf(metadata: Metadata): { ip: string; userAgent: string } {
  // Cut to the sizes the usage event's schema allows: metadata is the caller's to fill, not a validated field.
  const value = (key: string, maxLength: number) => {
    const first = metadata.get(key)[0];
    return typeof first === 'string' ? first.slice(0, maxLength) : '';
  };
  return { ip: value('x-tessera-client-ip', 64), userAgent: value('x-tessera-client-user-agent', 1024) };
}
