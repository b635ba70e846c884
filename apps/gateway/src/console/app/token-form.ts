// The create-token form's rules: expiry presets, a chosen date, and the checks made before the API is asked. Pure, so
// tested as it is; the API still judges the policy (its Djblets schema) and the longest lifetime it allows.
import { shortestTokenSeconds } from '../../tokens/token-lifetime.ts';

const day = 86_400;

/** The expiry choices offered, in seconds; `date` asks for a day instead. */
export const expiryPresets = [
  { value: '7d', label: '7 days', seconds: 7 * day },
  { value: '30d', label: '30 days', seconds: 30 * day },
  { value: '90d', label: '90 days', seconds: 90 * day },
  { value: '365d', label: '1 year', seconds: 365 * day },
] as const;

export const customExpiry = 'date';


export interface TokenFormInput {
  note: string;
  expiry: string;
  /** `YYYY-MM-DD` from <input type="date">, read as the end of that day in the reader's time zone. */
  date: string;
  policy: string;
}

export interface TokenRequest {
  note: string;
  expires_in_seconds: number;
  policy?: unknown;
}

export type FieldErrors = Partial<Record<'note' | 'expiry' | 'policy', string>>;

/** Seconds from `now` until the chosen expiry, or a message that says what to pick instead. */
export function expirySeconds(expiry: string, date: string, now: Date): number | string {
  const preset = expiryPresets.find((candidate) => candidate.value === expiry);
  if (preset) return preset.seconds;
  if (expiry !== customExpiry) return 'Pick an expiry.';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return 'Enter the day the token should expire.';
  const [year, month, dayOfMonth] = match.slice(1).map(Number) as [number, number, number];
  const end = new Date(year, month - 1, dayOfMonth, 23, 59, 59);
  if (end.getFullYear() !== year || end.getMonth() !== month - 1 || end.getDate() !== dayOfMonth) return 'Enter a real date.';
  const seconds = Math.floor((end.getTime() - now.getTime()) / 1000);
  return seconds < shortestTokenSeconds ? 'Pick a day after today.' : seconds;
}

/** The request to send, or a message beside each field that needs another value. */
export function readTokenForm(input: TokenFormInput, now: Date): { request: TokenRequest } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const note = input.note.trim();
  if (!note) errors.note = 'Give the token a note that says what it is for.';
  else if (note.length > 255) errors.note = `Shorten the note to 255 characters (it has ${note.length}).`;
  const seconds = expirySeconds(input.expiry, input.date, now);
  if (typeof seconds === 'string') errors.expiry = seconds;
  let policy: unknown;
  if (input.policy.trim()) {
    try {
      policy = JSON.parse(input.policy);
    } catch {
      errors.policy = 'Write the policy as JSON, for example {"resources": {"*": {"allow": ["GET"]}}}, or leave it empty.';
    }
    if (policy !== undefined && (policy === null || typeof policy !== 'object' || Array.isArray(policy))) errors.policy = 'A policy is a JSON object, such as {"resources": {"*": {"allow": ["GET"]}}}.';
  }
  if (Object.keys(errors).length || typeof seconds === 'string') return { errors };
  return { request: { note, expires_in_seconds: seconds, ...(policy === undefined ? {} : { policy }) } };
}

/** Which field an API refusal of the form is about (its validation names the body's property), if any. */
export function refusedField(code: string, message: string): keyof FieldErrors | undefined {
  if (/policy/i.test(code) || /\/policy\b|\bpolic(y|ies)\b/i.test(message)) return 'policy';
  if (/expires_in_seconds|expir|lifetime/i.test(message)) return 'expiry';
  if (/\/note\b/.test(message)) return 'note';
  return undefined;
}
