import { ValidationError } from '../shared/domain-error.ts';
import type { ClientType } from './client-type.ts';

/**
 * Lifetimes (QFieldCloud: one global default, 720 hours, overridable per client type), all under a maximum. A client
 * type's own lifetime is also its maximum: a browser token meant to last a working day cannot be asked to last a year.
 */
export interface ExpirySettings {
  defaultTtlHours: number;
  perClientTypeTtlHours: Partial<Record<ClientType, number>>;
  /** No token, asked for or default, lives longer than this. */
  maxTtlHours: number;
}

/** The longest a token lives unless an operator says otherwise (TOKEN_MAX_TTL_HOURS): one year. */
export const defaultMaxTtlHours = 24 * 365;

// Beyond this an expiry is a typo, and past year 9999 it would not even be a valid RFC 3339 timestamp.
const absoluteMaxSeconds = 10 * 365 * 24 * 3600;

/**
 * When a token issued `at` expires: after `requestedSeconds` when the caller asks (a named token), else after its
 * client type's lifetime. A request beyond the cap is refused rather than silently shortened, so the caller
 * never holds a token that dies earlier than it was told.
 */
export function expiryFor(input: { clientType: ClientType; at: string; requestedSeconds?: number; settings: ExpirySettings }): string {
  const { clientType, at, requestedSeconds, settings } = input;
  const ownHours = settings.perClientTypeTtlHours[clientType];
  const capSeconds = Math.min(absoluteMaxSeconds, Math.min(settings.maxTtlHours, ownHours ?? Infinity) * 3600);
  let seconds: number;
  if (requestedSeconds) {
    if (!Number.isSafeInteger(requestedSeconds) || requestedSeconds < 1) {
      throw new ValidationError('invalid_expiry', 'expires_in_seconds must be a whole number of seconds, at least 1.');
    }
    if (requestedSeconds > capSeconds) {
      const whose = ownHours !== undefined && ownHours < settings.maxTtlHours ? ` for a ${clientType} token` : '';
      throw new ValidationError('invalid_expiry', `expires_in_seconds must be at most ${capSeconds} (${capSeconds / 3600} hours)${whose}.`);
    }
    seconds = requestedSeconds;
  } else {
    seconds = Math.min(capSeconds, (ownHours ?? settings.defaultTtlHours) * 3600);
  }
  return new Date(Date.parse(at) + seconds * 1000).toISOString();
}
