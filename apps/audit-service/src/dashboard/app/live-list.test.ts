import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { placeEvent } from './live-list.ts';

const at = (event_id: string, second: number) => ({ event_id, occurred_at: `2026-11-29T12:00:${String(second).padStart(2, '0')}.000Z` });
const ids = (list: ReadonlyArray<{ event_id: string }>) => list.map((event) => event.event_id);

describe('the live panel\'s list', () => {
  it('keeps the newest first, whatever order events arrive in, and orders one instant by event id', () => {
    let shown: Array<ReturnType<typeof at>> = [];
    for (const event of [at('b', 20), at('a', 30), at('c', 10), at('e', 20), at('d', 20)]) shown = placeEvent(shown, event, 10)?.shown ?? shown;
    assert.deepEqual(ids(shown), ['a', 'e', 'd', 'b', 'c']);
  });

  it('says where an event went, so its row goes in the same place', () => {
    const shown = [at('a', 30), at('b', 10)];
    assert.equal(placeEvent(shown, at('c', 20), 10)?.index, 1);
    assert.equal(placeEvent(shown, at('d', 40), 10)?.index, 0);
    assert.equal(placeEvent(shown, at('e', 5), 10)?.index, 2);
  });

  it('skips an event already shown: the stream and a reload of the log overlap', () => {
    const shown = [at('a', 30), at('b', 10)];
    assert.equal(placeEvent(shown, at('b', 10), 10), undefined);
  });

  it('keeps to the cap: a newer event drops the oldest, and one older than all shown is not placed', () => {
    const full = [at('a', 30), at('b', 20), at('c', 10)];
    const placed = placeEvent(full, at('d', 25), 3);
    assert.deepEqual(placed && { shown: ids(placed.shown), index: placed.index, dropped: placed.dropped }, { shown: ['a', 'd', 'b'], index: 1, dropped: 1 });
    assert.equal(placeEvent(full, at('e', 5), 3), undefined);
    assert.deepEqual(ids(full), ['a', 'b', 'c'], 'the list given is left as it was');
  });
});
