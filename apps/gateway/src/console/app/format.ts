// Text for people: dates in the reader's time zone and failures as sentences. No DOM here, so it is tested as it is.
import type { Failure } from '@tessera/http/api-refusal';

/** The reader's own locale and time zone (undefined: the browser's), with the zone named so no date is ambiguous. */
export const dateTimeFormat = (timeZone?: string) => new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', ...(timeZone ? { timeZone } : {}) });

const readerDates = dateTimeFormat();

export const formatDate = (iso: string, format: Intl.DateTimeFormat = readerDates): string => format.format(new Date(iso));

/** `last_used_at` as the token list gives it: a time, null for never, "unknown" while the audit service cannot say. */
export function lastUsedText(value: string | null, format: Intl.DateTimeFormat = readerDates): string {
  if (value === null) return 'Never';
  if (value === 'unknown') return 'Unknown for now (the audit service did not answer)';
  return formatDate(value, format);
}


/** A failure as the banner says it: what failed and why, never a stack trace. */
export function describeFailure(what: string, failure: Failure): string {
  if (failure.status === 0) return `${what} failed: the server did not answer. Check your connection and try again.`;
  if (failure.status === 429) return `${what} failed: ${failure.message} Wait a moment and try again.`;
  if (failure.status >= 500 || failure.status < 0) return `${what} failed: the service is unavailable right now (${failure.status > 0 ? failure.status : 'unreadable answer'}). Try again shortly.`;
  return `${what} failed: ${failure.message}`;
}
