import type { TokenTopics } from '@tessera/contracts';
import type { IncomingMessage } from '@tessera/messaging';
import type { PoolClient } from '@tessera/postgres';
import { projectTokenServiceEvents } from './events.projection.ts';
import { projectTokenActivity } from './token-activity.projection.ts';

/**
 * A batch of one topic's partition into the projections; returns the ids of the events that entered the audit log
 * just now (not repeats), for the live view.
 */
export async function projectBatch(client: PoolClient, topics: TokenTopics, topic: string, messages: readonly IncomingMessage[]): Promise<string[]> {
  if (topic === topics.usage) {
    await projectTokenActivity(client, messages);
    return [];
  }
  return projectTokenServiceEvents(client, messages);
}
