import { Type, type Static } from 'typebox';
import { ActorSchema } from '@tessera/contracts';
import type { Pool } from '@tessera/postgres';

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

/** A search of the log: every filter optional; `after` is a place in the log (a row's time and event id). */
export interface AuditLogSearch {
  userId: string | undefined;
  tokenId: string | undefined;
  type: string | undefined;
  clientType: string | undefined;
  from: Date | undefined;
  to: Date | undefined;
  after: { at: Date; eventId: string } | undefined;
  limit: number;
}

type Row = Omit<Static<typeof AuditEvent>, 'occurred_at'> & { occurred_at: Date };
const columns = "event_id, type, user_id, data->'actor' as actor, client_type, occurred_at, trace_id, data";
const auditEventOf = (row: Row): Static<typeof AuditEvent> => ({ ...row, occurred_at: row.occurred_at.toISOString() });

/** The given events of the log, oldest first (for the live view, which learns only their ids). */
export async function auditEventsById(pool: Pool, eventIds: readonly string[]): Promise<Array<Static<typeof AuditEvent>>> {
  const { rows } = await pool.query<Row>(`select ${columns} from audit_log where event_id = any($1::uuid[]) order by occurred_at, event_id`, [eventIds]);
  return rows.map(auditEventOf);
}

/** The log newest first, filtered (`from` inclusive, `to` exclusive), from just after `after`. */
export async function searchAuditLog(pool: Pool, search: AuditLogSearch): Promise<Array<Static<typeof AuditEvent>>> {
  const { rows } = await pool.query<Row>(
    `select ${columns} from audit_log
     where ($1::text is null or user_id = $1) and ($2::text is null or type = $2) and ($3::text is null or client_type = $3)
       and ($4::timestamptz is null or occurred_at >= $4) and ($5::timestamptz is null or occurred_at < $5)
       and ($6::timestamptz is null or (occurred_at, event_id) < ($6, $7::uuid)) and ($9::text is null or token_id = $9)
     order by occurred_at desc, event_id desc limit $8`,
    [
      search.userId ?? null, search.type ?? null, search.clientType ?? null, search.from ?? null, search.to ?? null,
      search.after?.at ?? null, search.after?.eventId ?? null, search.limit, search.tokenId ?? null,
    ],
  );
  return rows.map(auditEventOf);
}
