/** What orders the live list: newest first, and by event id among events of the same instant. */
export interface Ordered {
  event_id: string;
  occurred_at: string;
}

const newer = (a: Ordered, b: Ordered) => (a.occurred_at === b.occurred_at ? a.event_id > b.event_id : a.occurred_at > b.occurred_at);

/**
 * The list with `event` in its place, kept to `cap` entries: where it went, and how many of the oldest fell off the
 * end. Undefined when the list is unchanged: the event is already shown (the stream and a reload of the log overlap),
 * or it is older than all `cap` shown.
 */
export function placeEvent<T extends Ordered>(shown: readonly T[], event: T, cap: number): { shown: T[]; index: number; dropped: number } | undefined {
  if (shown.some((other) => other.event_id === event.event_id)) return undefined;
  const before = shown.findIndex((other) => newer(event, other));
  const index = before === -1 ? shown.length : before;
  if (index >= cap) return undefined;
  const grown = [...shown.slice(0, index), event, ...shown.slice(index)];
  return { shown: grown.slice(0, cap), index, dropped: Math.max(0, grown.length - cap) };
}
