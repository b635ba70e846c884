import { Type, type Static } from 'typebox';
import { ClientTypeSchema, CredentialIdSchema, EventTypeSchema, UserIdSchema } from '@tessera/contracts';
import { AuditEvent, type AuditLogSearch } from './audit-log.query.ts';

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

export const AuditLogPage = Type.Object({
  events: Type.Array(AuditEvent),
  next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor for the next page; null on the last' }),
});

/**
 * One page of the audit log, newest first. The cursor names the last row of the page before (its time and event id),
 * so the next page starts right after it even while new events arrive. One row more than the page is asked for, to
 * know whether another page follows without counting.
 */
export async function auditLogPage(
  query: Static<typeof AuditLogQuery>,
  search: (search: AuditLogSearch) => Promise<Array<Static<typeof AuditEvent>>>,
): Promise<Static<typeof AuditLogPage>> {
  const rows = await search({
    userId: query.user_id,
    tokenId: query.token_id,
    type: query.type,
    clientType: query.client_type,
    from: instantOf(query.from),
    to: instantOf(query.to),
    after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { events: page, next_cursor: rows.length > query.limit && last ? encodeCursor(last.occurred_at, last.event_id) : null };
}

// An offset PostgreSQL would refuse (beyond 15:59) is still a valid time: it reaches the database as a Date, in UTC.
const instantOf = (text: string | undefined) => (text === undefined ? undefined : new Date(text));

const encodeCursor = (at: string, eventId: string) => `${Date.parse(at)}_${eventId}`;

function decodeCursor(cursor: string): { at: Date; eventId: string } {
  const [, at, eventId] = new RegExp(cursorPattern).exec(cursor)!;
  return { at: new Date(Number(at)), eventId: eventId! };
}
