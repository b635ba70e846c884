import { foldEvents, type Decider } from '@tessera/domain';
import { ConcurrencyError, type PostgresEventStore, type StreamAppend } from './postgres-event-store.ts';

export interface StreamDecision<Command, Event, State> {
  streamId: string;
  decider: Decider<Command, Event, State>;
  /**
   * The command, given the stream's current state and the events decided so far on the streams before it, so one
   * decision can follow from another (a token is issued only if the login succeeded). Undefined: nothing to do.
   */
  command: (state: State, decidedBefore: readonly DecidedEvent[]) => Command | undefined;
}

export type DecidedEvent = { type: string; data: object };
type AnyDecision = StreamDecision<never, DecidedEvent, unknown>;

// Racing commands on one stream are few (a user's parallel logins); retries with jittered exponential backoff
// (full jitter, capped at a quarter second) settle them even on a loaded machine.
const attempts = 10;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 5 * 2 ** attempt)));

/**
 * A stream's state is snapshotted once this many of its events are not covered by its snapshot (ADR 0007): a command
 * then reads at most this many events, and one append in this many writes one more row.
 */
const defaultSnapshotEvery = 50;

/**
 * A command handler's whole job: load each stream, decide, append every stream's events atomically at the versions
 * they were decided on. When another command wins the race, decide again on the new state (a few times, then let
 * the caller see the conflict).
 *
 * A stream is loaded from its latest snapshot plus the events after it, never from its first event once it is long;
 * when the events not covered by the snapshot reach `snapshotEvery`, the append also writes the state after its own
 * events as the new snapshot, in the same transaction (so a snapshot that loses a race is never stored).
 */
export async function decideAndAppend(
  store: PostgresEventStore,
  plan: readonly AnyDecision[] | (() => Promise<readonly AnyDecision[]>),
  options: { snapshotEvery?: number } = {},
): Promise<DecidedEvent[]> {
  const snapshotEvery = options.snapshotEvery ?? defaultSnapshotEvery;
  for (let attempt = 1; ; attempt++) {
    // A plan that depends on what is stored (which tokens a login supersedes) is made again for every attempt.
    const decisions = typeof plan === 'function' ? await plan() : plan;
    const appends: StreamAppend[] = [];
    const decided: DecidedEvent[] = [];
    for (const { streamId, decider, command } of decisions) {
      const stream = await store.readStreamSinceSnapshot<DecidedEvent, unknown>(streamId, decider.stateVersion);
      const state = foldEvents(decider, stream.events, stream.snapshot ? stream.snapshot.state : decider.initialState());
      const next = command(state, decided);
      const events = next === undefined ? [] : decider.decide(next, state);
      if (events.length > 0) {
        const uncovered = stream.version - (stream.snapshot?.version ?? 0) + events.length;
        const snapshot = uncovered >= snapshotEvery ? { stateVersion: decider.stateVersion, state: foldEvents(decider, events, state) } : undefined;
        appends.push({ streamId, expectedVersion: stream.version, events, snapshot });
      }
      decided.push(...events);
    }
    if (appends.length === 0) return [];
    try {
      await store.append(appends);
      return decided;
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt === attempts) throw error;
      await backoff(attempt);
    }
  }
}

/**
 * Typed construction of a decision: `onStream(id, decider).decide((state) => command)`. Two steps, so the command's
 * type is fixed by the decider before the command is read (inferring both at once widens its literal `type`).
 */
export const onStream = <Command, Event extends DecidedEvent, State>(streamId: string, decider: Decider<Command, Event, State>) => ({
  decide: (command: (state: State, decidedBefore: readonly DecidedEvent[]) => Command | undefined): AnyDecision =>
    ({ streamId, decider, command }) as unknown as AnyDecision,
});
