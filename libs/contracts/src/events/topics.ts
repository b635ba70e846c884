/**
 * Topics are versioned by name: a breaking change to an event's schema publishes to a new topic while consumers of
 * the old one keep working. The prefix lets tests, and several deployments on one cluster, keep to their own topics.
 */
export function tokenTopics(prefix: string) {
  return {
    events: `${prefix}.token.events.v1`,
    usage: `${prefix}.token.usage.v1`,
  } as const;
}

export type TokenTopics = ReturnType<typeof tokenTopics>;

/** Enough partitions for several consumer instances to share the work; keys keep one user's events in order. */
export const tokenTopicPartitions = 6;
