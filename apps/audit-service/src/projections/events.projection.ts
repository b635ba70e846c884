import { decodeTokenServiceEvent } from '@tessera/contracts';
import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';
import { lazyInstrument, metrics } from '@tessera/telemetry';
import { projectAuditLog, type DecodedEvent } from './audit-log.projection.ts';
import { projectCredentialLifecycle } from './credential-lifecycle.projection.ts';
import { recordDeadLetter } from './dead-letters.ts';
import { projectFailedLogins } from './failed-logins.projection.ts';

const projected = lazyInstrument(() =>
  metrics.getMeter('audit-service').createCounter('tessera.audit.events_projected', { description: 'Events applied to the projections (repeats included)' }),
);

/**
 * A batch of the events topic into every projection that cares, a statement per projection rather than per event.
 * Only events of a known type and schema version whose data matches that version's schema are applied; anything
 * else goes to the dead letters with the reason, and the consumer moves on (a rebuild after an upgrade picks it
 * up). Returns the ids of the events that are new to the log, in order.
 */
export async function projectTokenServiceEvents(client: PoolClient, messages: readonly IncomingMessage[]): Promise<string[]> {
  const decoded: DecodedEvent[] = [];
  for (const message of messages) {
    const result = decodeTokenServiceEvent(message.value);
    if (result.ok) decoded.push({ message, event: result.event });
    else await recordDeadLetter(client, message, result.reason);
  }
  const logged = await projectAuditLog(client, decoded);
  await projectCredentialLifecycle(client, decoded);
  await projectFailedLogins(client, decoded);
  for (const { event } of decoded) projected().add(1, { type: event.type });
  return logged;
}
