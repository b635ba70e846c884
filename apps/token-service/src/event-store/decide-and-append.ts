import pRetry from 'p-retry';
import { foldEvents, type Decider } from '@tessera/domain';
import { ConcurrencyError, type PostgresEventStore, type StreamAppend } from './postgres-event-store.ts';

/**
 * What a plan decides with. `decide` loads the stream (from its latest snapshot), decides the command on the stream's
 * state and returns the events, which the plan's one append writes; a plan decides on each stream at most once.
 */
export interface Decisions {
  decide<Command, Event extends { type: string; data: object }, State>(streamId: string, decider: Decider<Command, Event, State>, command: Command): Promise<Event[]>;
}

/**
 * A command handler's decisions, and what it answers: `async ({ decide }) => { const events = await decide(...); ... return
 * result; }`. One decision may follow from another (a token is issued only if the user's stream says the login
 * succeeded), and what a plan reads besides its streams (which tokens a login supersedes) is read again on a retry.
 */
export type Plan<Result> = (decisions: Decisions) => Promise<Result>;

// Racing commands on one stream are few (a user's parallel logins); nine retries with jittered exponential backoff,
// capped at a quarter second, settle them even on a loaded machine (ADR 11).
const conflictRetries = { retries: 9, minTimeout: 5, maxTimeout: 250, randomize: true };

/**
 * A stream's state is snapshotted once this many of its events are not covered by its snapshot (ADR 0007): a command
 * then reads at most this many events, and one append in this many writes one more row.
 */
const defaultSnapshotEvery = 50;

/**
 * A command handler's whole job: run the plan, which loads each stream and decides, then append every stream's events
 * atomically at the versions they were decided on, and answer the plan's result. When another command wins the race,
 * run the plan again on the new state (a few times, then let the caller see the conflict).
 *
 * When the events not covered by a stream's snapshot reach `snapshotEvery`, the append also writes the state after its
 * own events as the new snapshot, in the same transaction (so a snapshot that loses a race is never stored).
 */
export async function decideAndAppend<Result>(store: PostgresEventStore, plan: Plan<Result>, options: { snapshotEvery?: number } = {}): Promise<Result> {
  const snapshotEvery = options.snapshotEvery ?? defaultSnapshotEvery;
  const attempt = async () => {
    const appends = new Map<string, StreamAppend | undefined>();
    const decide: Decisions['decide'] = async (streamId, decider, command) => {
      // Two decisions on one stream would both be made on the same version, and so always conflict.
      if (appends.has(streamId)) throw new Error(`A plan decided twice on ${streamId}.`);
      appends.set(streamId, undefined);
      const { events, append } = await decideOn(store, streamId, decider, command, snapshotEvery);
      appends.set(streamId, append);
      return events;
    };
    const result = await plan({ decide });
    const decided = [...appends.values()].filter((append) => append !== undefined);
    if (decided.length > 0) await store.append(decided);
    return result;
  };
  return pRetry(attempt, { ...conflictRetries, shouldRetry: ({ error }) => error instanceof ConcurrencyError });
}

/** One stream's decision, and its append unless it decided nothing. */
async function decideOn<Command, Event extends { type: string; data: object }, State>(
  store: PostgresEventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  snapshotEvery: number,
): Promise<{ events: Event[]; append: StreamAppend | undefined }> {
  const stream = await store.readStreamSinceSnapshot<Event, State>(streamId, decider.stateVersion);
  const state = foldEvents(decider, stream.events, stream.snapshot ? stream.snapshot.state : decider.initialState());
  const events = decider.decide(command, state);
  if (events.length === 0) return { events, append: undefined };
  const uncovered = stream.version - (stream.snapshot?.version ?? 0) + events.length;
  const snapshot = uncovered >= snapshotEvery ? { stateVersion: decider.stateVersion, state: foldEvents(decider, events, state) } : undefined;
  return { events, append: { streamId, expectedVersion: stream.version, events, snapshot } };
}
