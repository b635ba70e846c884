import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fakeQueries, queryApiServer } from '../testing/query-api.ts';
import { tokenActivityRoutes } from './token-activity.routes.ts';

const serviceSecret = 'a-service-secret-of-at-least-32-characters';

describe('token activity for the gateway: behind the service secret', () => {
  const app = queryApiServer();
  const queries = fakeQueries({ activityOfCredentials: async () => [] });
  const get = async (query: string, secret?: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/activity/tokens?${query}`, headers: secret === undefined ? {} : { 'x-tessera-service-secret': secret } });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  before(() => app.register(tokenActivityRoutes, { queries, serviceSecret }));
  after(() => app.close());

  it('401 not_authenticated without the secret or with another, before any query', async () => {
    for (const secret of [undefined, '', `${serviceSecret}x`, serviceSecret.slice(1)]) {
      assert.deepEqual(await get('token_id=tok_a', secret), {
        status: 401, body: { code: 'not_authenticated', message: 'Send the service secret in x-tessera-service-secret.' },
      }, String(secret));
    }
    assert.deepEqual(queries.calls, []);
  });

  it('asks for every token id repeated in the query, up to 200', async () => {
    queries.calls.length = 0;
    assert.deepEqual(await get('token_id=tok_a&token_id=key_0123456789abcdefghijKL', serviceSecret), { status: 200, body: { tokens: [] } });
    assert.deepEqual(await get('token_id=tok_b', serviceSecret), { status: 200, body: { tokens: [] } });
    assert.deepEqual(queries.calls, [['activityOfCredentials', ['tok_a', 'key_0123456789abcdefghijKL']], ['activityOfCredentials', ['tok_b']]]);
  });

  it('400 validation_error for no token id, 201 of them, or one that is not a credential id', async () => {
    queries.calls.length = 0;
    const many = Array.from({ length: 201 }, (_, i) => `token_id=tok_${i}`).join('&');
    for (const query of ['', many, 'token_id=usr_a', 'token_id=tok_a&other=1']) {
      const answer = await get(query, serviceSecret);
      assert.deepEqual([answer.status, answer.body['code']], [400, 'validation_error'], query.slice(0, 40));
    }
    assert.deepEqual(queries.calls, []);
  });
});
