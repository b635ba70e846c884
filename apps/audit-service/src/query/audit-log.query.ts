import { Type, type Static } from 'typebox';
import { ClientTypeSchema, CredentialIdSchema, EventTypeSchema, UserIdSchema } from '@tessera/contracts';
import type { Pool } from '@tessera/postgres';
import { queryRefusal } from './query-refusal.ts';

export const AuditLogQuery = Type.Object(
  {
    user_id: Type.Optional(UserIdSchema),
    token_id: Type.Optional(CredentialIdSchema),
    type: Type.Optional(EventTypeSchema),
    client_type: Type.Optional(ClientTypeSchema),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor of the previous page' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);

export const AuditEvent = Type.Object({
  event_id: Type.String(),
  type: Type.String(),
  user_id: Type.Union([Type.String(), Type.Null()]),
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
const columns = 'event_id, type, user_id, client_type, occurred_at, trace_id, data';
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
      query.user_id ?? null, query.type ?? null, query.client_type ?? null, query.from ?? null, query.to ?? null,
      after?.at ?? null, after?.eventId ?? null, query.limit + 1, query.token_id ?? null,
    ],
  );
  const page = rows.slice(0, query.limit).map(auditEventOf);
  const last = page.at(-1);
  return { events: page, next_cursor: rows.length > query.limit && last ? encodeCursor(last.occurred_at, last.event_id) : null };
}

const encodeCursor = (at: string, eventId: string) => Buffer.from(JSON.stringify([at, eventId])).toString('base64url');

function decodeCursor(cursor: string): { at: string; eventId: string } {
  try {
    const [at, eventId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof eventId === 'string' && /^[0-9a-f-]{36}$/.test(eventId)) return { at, eventId };
  } catch {
    // fall through: not a cursor of ours
  }
  throw queryRefusal('cursor is not a next_cursor this API gave out.');
}
