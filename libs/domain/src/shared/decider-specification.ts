import assert from 'node:assert/strict';
import { foldEvents, type Decider } from './decider.ts';

/**
 * Given/when/then for deciders (after Emmett's DeciderSpecification): the past as events, one command, and either
 * the events it decides or the error it refuses with. Used by the unit specifications of every aggregate.
 *
 * Every `given` also checks that the folded state survives the store's snapshot (a JSON round trip) unchanged, so a
 * decision made on a snapshot is the decision made on the full fold.
 */
export function specification<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: readonly Event[]) {
      return {
        when(command: Command) {
          const run = () => {
            const state = foldEvents(decider, events);
            assert.deepEqual(JSON.parse(JSON.stringify(state)), state, `${decider.stateVersion}: state must be plain JSON to be snapshotted`);
            return decider.decide(command, state);
          };
          return {
            then(expected: readonly Event[]) {
              assert.deepEqual(run(), expected);
            },
            thenThrows(errorClass: new (...args: never[]) => Error, message?: RegExp) {
              assert.throws(run, (error: unknown) => {
                assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
                if (message) assert.match(error.message, message);
                return true;
              });
            },
          };
        },
      };
    },
  };
}
