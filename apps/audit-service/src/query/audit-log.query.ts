import { Type, type Static } from 'typebox';
import { ActorSchema, ClientTypeSchema, CredentialIdSchema, EventTypeSchema, UserIdSchema } from '@tessera/contracts';
import type { Pool } from '@tessera/postgres';

// The last row of a page: its time in epoch milliseconds, then its event id. Any value of this form is a place in the
// log to continue from, so the schema is the whole rule.
const cursorPattern = '^([0-9]{1,13})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$';

// RFC 3339 in the one spelling every reader agrees on: upper-case T and Z, an offset with a colon, no leap second.
const instant = Type.String({ format: 'date-time', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-5][0-9](\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$' });

export const AuditLogQuery = Type.Object(
  {
    user_id: Type.Optional(UserIdSchema),
    token_id: Type.Optional(CredentialIdSchema),
    type: Type.Optional(EventTypeSchema),
    client_type: Type.Optional(ClientTypeSchema),
    from: Type.Optional(instant),
    to: Type.Optional(instant),
    cursor: Type.Optional(Type.String({ pattern: cursorPattern, description: 'next_cursor of the previous page' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);

export const AuditEvent = Type.Object({
  event_id: Type.String(),
  type: Type.String(),
  user_id: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Union([ActorSchema, Type.Null()], { description: 'Who acted, and with which token or API key; null for a login, or an event recorded before actors were' }),
  client_type: Type.Union([Type.String(), Type.Null()]),
  occurred_at: Type.String({ format: 'date-time' }),
  trace_id: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const AuditLogPage = Type.Object({
  events: Type.Array(AuditEvent),
  next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor for the next page; null on the last' }),
});

type Row = Omit<Static<typeof AuditEvent>, 'occurred_at'> & { occurred_at: Date };
const columns = "event_id, type, user_id, data->'actor' as actor, client_type, occurred_at, trace_id, data";
const auditEventOf = (row: Row): Static<typeof AuditEvent> => ({ ...row, occurred_at: row.occurred_at.toISOString() });

/** The given events of the log, oldest first (for the live view, which learns only their ids). */
export async function auditEventsById(pool: Pool, eventIds: readonly string[]): Promise<Array<Static<typeof AuditEvent>>> {
  const { rows } = await pool.query<Row>(`select ${columns} from audit_log where event_id = any($1::uuid[]) order by occurred_at, event_id`, [eventIds]);
  return rows.map(auditEventOf);
}

/**
 * The audit log newest first, filtered, one page at a time. The cursor names the last row of a page (its time and
 * event id), so the next page starts right after it even while new events arrive.
 */
export async function auditLogPage(pool: Pool, query: Static<typeof AuditLogQuery>): Promise<Static<typeof AuditLogPage>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const { rows } = await pool.query<Row>(
    `select ${columns} from audit_log
     where ($1::text is null or user_id = $1) and ($2::text is null or type = $2) and ($3::text is null or client_type = $3)
       and ($4::timestamptz is null or occurred_at >= $4) and ($5::timestamptz is null or occurred_at < $5)
       and ($6::timestamptz is null or (occurred_at, event_id) < ($6, $7::uuid)) and ($9::text is null or token_id = $9)
     order by occurred_at desc, event_id desc limit $8`,
    [
      query.user_id ?? null, query.type ?? null, query.client_type ?? null, instantOf(query.from), instantOf(query.to),
      after?.at ?? null, after?.eventId ?? null, query.limit + 1, query.token_id ?? null,
    ],
  );
  const page = rows.slice(0, query.limit).map(auditEventOf);
  const last = page.at(-1);
  return { events: page, next_cursor: rows.length > query.limit && last ? encodeCursor(last.occurred_at, last.event_id) : null };
}

// An offset PostgreSQL would refuse (beyond 15:59) is still a valid time: it reaches the database as a Date, in UTC.
const instantOf = (text: string | undefined) => (text === undefined ? null : new Date(text));

const encodeCursor = (at: string, eventId: string) => `${Date.parse(at)}_${eventId}`;

function decodeCursor(cursor: string): { at: Date; eventId: string } {
  const [, at, eventId] = new RegExp(cursorPattern).exec(cursor)!;
  return { at: new Date(Number(at)), eventId: eventId! };
}
