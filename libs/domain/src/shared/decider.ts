/** A domain rule as data in, data out: decide what happens, and fold what happened into state. */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
  /**
   * Names the shape of `State` and the meaning of `evolve` (`'user/1'`). The event store keeps the state, folded over
   * a prefix of a stream, as a JSON snapshot under this name, and reads only the events after it. So `State` must be
   * plain JSON, and any change to `State` or to what `evolve` makes of an event bumps this name: snapshots of the old
   * name are then ignored, and streams folded from their first event again.
   */
  stateVersion: string;
}

/** Folds events into state: from the decider's initial state, or from a state already folded (a snapshot). */
export function foldEvents<Event, State>(
  decider: Pick<Decider<never, Event, State>, 'evolve' | 'initialState'>,
  events: readonly Event[],
  from: State = decider.initialState(),
): State {
  return events.reduce(decider.evolve, from);
}
