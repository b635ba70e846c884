import type { Static } from 'typebox';
import { listen, type Pool, type PoolClient } from '@tessera/postgres';
import type { Logger } from '@tessera/telemetry';
import { auditEventsById, type AuditEvent } from '../query/audit-log.query.ts';

const channel = 'tessera_audit_events';

type Event = Static<typeof AuditEvent>;

/**
 * Tells every instance's live viewers about events that entered the audit log. NOTIFY is sent with the transaction's
 * commit and not at all on a rollback, so viewers see exactly what was applied, whichever instance applied it.
 */
export async function announceNewEvents(client: PoolClient, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length > 0) await client.query('select pg_notify($1, id) from unnest($2::text[]) as id', [channel, eventIds]);
}

export interface FeedSubscriber {
  onEvents(events: Event[]): void;
  /** Notifications may have been missed (the LISTEN connection was lost and is back). */
  onGap(): void;
}

export interface EventFeed {
  /** Tells `subscriber` of each group of new events until the returned function is called. */
  subscribe(subscriber: FeedSubscriber): () => void;
  close(): Promise<void>;
}

/** New audit-log events, read once per burst of notifications and handed to every subscriber. */
export function createEventFeed(databaseUrl: string, pool: Pool, logger: Logger): EventFeed {
  const subscribers = new Set<FeedSubscriber>();
  let pending: string[] = [];
  let reading = false;

  const deliver = async () => {
    if (reading || pending.length === 0) return;
    reading = true;
    const eventIds = pending;
    pending = [];
    try {
      const events = await auditEventsById(pool, eventIds);
      for (const subscriber of subscribers) subscriber.onEvents(events);
    } catch (error) {
      logger.warn({ err: error, events: eventIds.length }, 'could not read new events for the live view');
    } finally {
      reading = false;
      void deliver();
    }
  };

  const listener = listen(databaseUrl, channel, logger, {
    onNotify(eventId) {
      if (subscribers.size === 0) return;
      pending.push(eventId);
      queueMicrotask(() => void deliver());
    },
    onRelisten() {
      for (const subscriber of subscribers) subscriber.onGap();
    },
  });

  return {
    subscribe(subscriber) {
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    close: () => listener.close(),
  };
}
