import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * How every event travels on Kafka. `event_id` is unique, so consumers drop repeats of at-least-once delivery;
 * `schema_version` names the shape of `data` for its `type`; `trace` carries the W3C context of the command that
 * caused it, so a trace runs from the HTTP request to the audit projection.
 */
export const EventEnvelope = Type.Object(
  {
    event_id: Type.String({ format: 'uuid' }),
    type: Type.String({ minLength: 1, maxLength: 100 }),
    schema_version: Type.Integer({ minimum: 1 }),
    stream_id: Type.String({ minLength: 1, maxLength: 200 }),
    stream_version: Type.Integer({ minimum: 1 }),
    global_position: Type.String({ pattern: '^[0-9]+$' }),
    occurred_at: Type.String({ format: 'date-time' }),
    trace: Type.Object({ traceparent: Type.Optional(Type.String()), tracestate: Type.Optional(Type.String()) }),
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type EventEnvelope = Static<typeof EventEnvelope>;

const checkEnvelope = Compile(EventEnvelope);

export type DecodedEnvelope = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

export function decodeEnvelope(raw: Buffer | string | null): DecodedEnvelope {
  const decoded = decodeJson(raw, checkEnvelope, 'an event envelope');
  return decoded.ok ? { ok: true, envelope: decoded.value } : decoded;
}

/** A message's JSON checked against a compiled schema; the reason names the first problems, for the dead letters. */
export function decodeJson<T>(raw: Buffer | string | null, check: Validator<T>, what: string): { ok: true; value: T } | { ok: false; reason: string } {
  if (raw === null) return { ok: false, reason: 'empty message' };
  let value: unknown;
  try {
    value = JSON.parse(raw.toString());
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (check.Check(value)) return { ok: true, value };
  const problems = [...check.Errors(value)].slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
  return { ok: false, reason: `not ${what}: ${problems.join('; ')}` };
}

interface Validator<T> {
  Check(value: unknown): value is T;
  Errors(value: unknown): Iterable<{ instancePath: string; message: string }>;
}
