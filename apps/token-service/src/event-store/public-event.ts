import type { EventEnvelope } from '@tessera/contracts';
import type { ApiKeyEvent, TokenEvent, UnknownLoginEvent, UserEvent } from '@tessera/domain';
import type { StoredEvent } from './postgres-event-store.ts';

export type TokenServiceEvent = UserEvent | UnknownLoginEvent | TokenEvent | ApiKeyEvent;

/**
 * What leaves the service. The store keeps digests (a password's argon2id hash, a token's SHA-256) because state is
 * rebuilt from it; those fields are dropped here by name, and a new event type cannot be published until this switch
 * says what of it is public.
 */
export function publicData(event: TokenServiceEvent): Record<string, unknown> {
  switch (event.type) {
    case 'UserRegistered': {
      const { password_hash: _private, ...data } = event.data;
      return data;
    }
    case 'PasswordChanged': {
      const { password_hash: _private, ...data } = event.data;
      return data;
    }
    case 'TokenIssued': {
      const { token_digest: _private, ...data } = event.data;
      return data;
    }
    case 'ApiKeyGenerated':
    case 'ApiSecretRegenerated': {
      const { secret_digest: _private, ...data } = event.data;
      return data;
    }
    case 'LoginSucceeded':
    case 'LoginFailed':
    case 'LoginLockoutLifted':
    case 'UnknownLoginFailed':
    case 'UserDeactivated':
    case 'UserReactivated':
    case 'TokenRevoked':
    case 'TokenExpired':
      return { ...event.data };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export function toEnvelope(stored: StoredEvent): EventEnvelope {
  return {
    event_id: stored.eventId,
    type: stored.type,
    schema_version: stored.schemaVersion,
    stream_id: stored.streamId,
    stream_version: stored.streamVersion,
    global_position: stored.globalPosition,
    occurred_at: stored.recordedAt,
    trace: stored.trace,
    data: publicData({ type: stored.type, data: stored.data } as TokenServiceEvent),
  };
}

/** One user's events share a key, so they stay in order on one partition; an event of no user is keyed by its stream. */
export const messageKeyOf = (stored: StoredEvent): string => String(stored.data['user_id'] ?? stored.streamId);
