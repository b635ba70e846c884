import { decodeTokenServiceEvent } from '@tessera/contracts';
import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';
import { lazyInstrument, metrics } from '@tessera/telemetry';
import { projectAuditLog } from './audit-log.projection.ts';
import { projectCredentialLifecycle } from './credential-lifecycle.projection.ts';
import { recordDeadLetter } from './dead-letters.ts';
import { projectFailedLogin } from './failed-logins.projection.ts';

const projected = lazyInstrument(() =>
  metrics.getMeter('audit-service').createCounter('tessera.audit.events_projected', { description: 'Events applied to the projections (repeats included)' }),
);

/**
 * One message of the events topic into every projection that cares. Only events of a known type and schema version
 * whose data matches that version's schema are applied; anything else goes to the dead letters with the reason, and
 * the consumer moves on (a rebuild after an upgrade picks it up). Returns the event's id when it is new to the log.
 */
export async function projectTokenServiceEvent(client: PoolClient, message: IncomingMessage): Promise<string | undefined> {
  const decoded = decodeTokenServiceEvent(message.value);
  if (!decoded.ok) {
    await recordDeadLetter(client, message, decoded.reason);
    return undefined;
  }
  const { event } = decoded;
  const logged = await projectAuditLog(client, message, event);
  await projectCredentialLifecycle(client, event);
  await projectFailedLogin(client, event.event_id, event);
  projected().add(1, { type: event.type });
  return logged ? event.event_id : undefined;
}
