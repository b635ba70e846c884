import { randomUUID } from 'node:crypto';
import type { UsageEvent } from '@tessera/contracts';
import type { MessageProducer } from '@tessera/messaging';
import { lazyInstrument, metrics, type Logger } from '@tessera/telemetry';

export interface Use {
  credential: 'token' | 'api_key';
  tokenId: string;
  userId: string;
  clientType: string;
  ip: string;
  userAgent: string;
  at: Date;
}

/** Uses of one credential, counted here or by a caller that answered them from its cache. */
export type Tally = UsageEvent['data'];

export interface UsageRecorder {
  record(use: Use): void;
  recordTally(tally: Tally): void;
  /** Publishes what is counted so far and stops counting: on shutdown, so no counted use is dropped. */
  stop(): Promise<void>;
}

const maxTrackedCredentials = 100_000;
const dropped = lazyInstrument(() =>
  metrics.getMeter('token-service').createCounter('tessera.usage.dropped', { description: 'Uses not published because too many credentials were waiting' }),
);

/**
 * Counts successful validations in memory and publishes one event per credential about every `flushMs`, keyed by
 * user so a user's usage stays in order. Validate never waits on Kafka: while Kafka is away the tallies keep
 * growing (bounded) and are published when it is back.
 */
export function startUsageRecorder(options: { producer: MessageProducer; topic: string; flushMs: number; logger: Logger }): UsageRecorder {
  let tallies = new Map<string, Tally>();
  let flushing: Promise<void> = Promise.resolve();

  const publish = async () => {
    if (tallies.size === 0) return;
    const batch = tallies;
    tallies = new Map();
    const events: UsageEvent[] = [...batch.values()].map((data) => ({
      event_id: randomUUID(),
      type: 'CredentialUsed',
      schema_version: 1,
      occurred_at: data.last_used_at,
      data,
    }));
    try {
      await options.producer.send(options.topic, events.map((event) => ({ key: event.data.user_id, value: JSON.stringify(event) })));
    } catch (error) {
      options.logger.warn({ err: error, credentials: batch.size }, 'could not publish usage; keeping the counts for the next round');
      for (const tally of batch.values()) merge(tallies, tally);
    }
  };

  const timer = setInterval(() => {
    flushing = flushing.then(publish);
  }, options.flushMs);

  const recordTally = (tally: Tally) => {
    if (!tallies.has(tally.token_id) && tallies.size >= maxTrackedCredentials) return dropped().add(tally.count);
    merge(tallies, tally);
  };

  return {
    recordTally,
    record(use) {
      const at = use.at.toISOString();
      recordTally({
        credential: use.credential,
        token_id: use.tokenId,
        user_id: use.userId,
        client_type: use.clientType,
        count: 1,
        first_used_at: at,
        last_used_at: at,
        ip: use.ip,
        user_agent: use.userAgent,
      });
    },
    async stop() {
      clearInterval(timer);
      await (flushing = flushing.then(publish));
    },
  };
}

function merge(tallies: Map<string, Tally>, tally: Tally): void {
  const existing = tallies.get(tally.token_id);
  if (!existing) {
    tallies.set(tally.token_id, { ...tally });
    return;
  }
  existing.count += tally.count;
  if (tally.first_used_at < existing.first_used_at) existing.first_used_at = tally.first_used_at;
  if (tally.last_used_at >= existing.last_used_at) {
    existing.last_used_at = tally.last_used_at;
    existing.ip = tally.ip || existing.ip;
    existing.user_agent = tally.user_agent || existing.user_agent;
  }
}
