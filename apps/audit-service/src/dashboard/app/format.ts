// Text for people: numbers, times and failures. No DOM here, so it is tested as it is.
import type { Failure } from '@tessera/http/api-refusal';

export const number = new Intl.NumberFormat();
export const fullTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
export const shortDateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const relativeTime = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** How far `iso` is from `now`, in the largest unit that reads well; undefined for "just now". */
export function relativeSpan(iso: string, now = Date.now()): { value: number; unit: Intl.RelativeTimeFormatUnit } | undefined {
  const seconds = (Date.parse(iso) - now) / 1000;
  const size = Math.abs(seconds);
  if (size < 10) return undefined;
  if (size < 60) return { value: Math.round(seconds), unit: 'second' };
  if (size < 3600) return { value: Math.round(seconds / 60), unit: 'minute' };
  if (size < 86400) return { value: Math.round(seconds / 3600), unit: 'hour' };
  if (size < 86400 * 45) return { value: Math.round(seconds / 86400), unit: 'day' };
  return { value: Math.round(seconds / (86400 * 30)), unit: 'month' };
}

export function relative(iso: string, now = Date.now()): string {
  const span = relativeSpan(iso, now);
  return span ? relativeTime.format(span.value, span.unit) : 'just now';
}

/** A chart's axis label: the day for daily points, else the time, with the weekday once the window passes a day. */
export function bucketLabel(at: string, bucket: 'minute' | 'hour' | 'day', hours: number): string {
  const date = new Date(at);
  if (bucket === 'day') return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  if (hours > 24) return date.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}


export function describeFailure(what: string, error: Failure): string {
  if (error.status === 0) return `${what}: the audit service did not answer (network error).`;
  const code = error.code && error.code !== 'error' ? ` ${error.code}` : '';
  const detail = error.status > 0 ? `${error.message} (${error.status}${code})` : error.message;
  if (error.status === 404) return `${what} is not available on this server: ${detail}.`;
  if (error.status === 503) return `${what} is unavailable: ${detail}.`;
  return `${what} failed: ${detail}.`;
}

/** The wait before retry number `failures`: doubling from `first`, never above `most`. */
export const backoff = (failures: number, first: number, most: number): number => Math.min(most, first * 2 ** Math.max(0, failures - 1));

export const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

export const plural = (count: number, one: string, many = `${one}s`): string => `${number.format(count)} ${count === 1 ? one : many}`;
