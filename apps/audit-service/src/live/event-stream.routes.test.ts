import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fakeTokenService, queryApiServer } from '../testing/query-api.ts';
import type { EventFeed } from './event-feed.ts';
import { eventStreamRoutes } from './event-stream.routes.ts';
import type { Revocations } from './revocations.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

/** Revocations that hear announcements (or not) and stand at position 41; `revoke` announces the watched credentials. */
function fakeRevocations(listening: boolean) {
  const watched: number[] = [];
  const ends: Array<() => void> = [];
  const revocations: Revocations = {
    listening,
    position: () => 41,
    watch(_cacheKey, since, revoked) {
      watched.push(since);
      ends.push(revoked);
      return () => undefined;
    },
    close: () => undefined,
  };
  return { revocations, watched, revoke: () => ends.forEach((end) => end()) };
}

async function streamApi(listening = true) {
  const app = queryApiServer();
  const subscribers: unknown[] = [];
  const feed: EventFeed = { subscribe: (subscriber) => (subscribers.push(subscriber), () => void subscribers.splice(subscribers.indexOf(subscriber), 1)), close: async () => undefined };
  const { revocations, watched, revoke } = fakeRevocations(listening);
  await app.register(eventStreamRoutes, { tokenService: fakeTokenService(), feed, revocations });
  close = () => app.close();
  const open = (token?: string) => app.inject({ method: 'GET', url: '/api/v1/events/stream', headers: token ? { authorization: `Token ${token}` } : {} });
  const openStream = () => app.inject({ method: 'GET', url: '/api/v1/events/stream', headers: { authorization: 'Token admin' }, payloadAsStream: true });
  return { open, openStream, watched, subscribers, revoke };
}

describe('the live event stream', () => {
  it('401 without a credential and 403 for a user who is not an admin, as the query API answers', async () => {
    const { open, subscribers } = await streamApi();
    const [none, user] = [await open(), await open('user')];
    assert.deepEqual([none.statusCode, none.json()], [401, { code: 'not_authenticated', message: 'Authentication credentials were not provided.' }]);
    assert.deepEqual([user.statusCode, user.json()['code']], [403, 'permission_denied']);
    assert.equal(subscribers.length, 0);
  });

  it('503 with Retry-After while revocations are not heard: a stream must end when its credential is revoked', async () => {
    const { open } = await streamApi(false);
    const answer = await open('admin');
    assert.deepEqual([answer.statusCode, answer.headers['retry-after'], answer.json()], [
      503, '5', { code: 'service_unavailable', message: 'Live events are unavailable for a moment. Reconnect.' },
    ]);
  });

  it('says ready, watches the credential from where announcements stood before it was checked, and ends when it is revoked', async () => {
    const { openStream, watched, subscribers, revoke } = await streamApi();
    const answer = await openStream();
    assert.deepEqual([answer.statusCode, answer.headers['content-type'], answer.headers['cache-control']], [200, 'text/event-stream; charset=utf-8', 'no-store']);
    const body = answer.stream();
    const [first] = (await body.take(1).toArray()) as Buffer[];
    assert.equal(String(first), 'event: ready\ndata: {}\n\n');
    assert.deepEqual([watched, subscribers.length], [[41], 1]);
    revoke();
    assert.equal(subscribers.length, 0, 'the ended stream left the feed');
  });
});
