import type { TokenTopics } from '@tessera/contracts';
import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';
import { projectTokenServiceEvent } from './events.projection.ts';
import { projectTokenActivity } from './token-activity.projection.ts';

/**
 * One message of either topic into the projections; returns the id of an event that entered the audit log just now
 * (not a repeat), for the live view.
 */
export async function projectMessage(client: PoolClient, topics: TokenTopics, message: IncomingMessage): Promise<string | undefined> {
  if (message.topic === topics.usage) {
    await projectTokenActivity(client, message);
    return undefined;
  }
  return projectTokenServiceEvent(client, message);
}
