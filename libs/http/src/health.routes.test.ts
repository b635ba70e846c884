import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpServer } from './index.ts';

describe('/readyz, which anyone may ask', () => {
  it('names the dependency that is down, and neither its address nor the error that said so', async () => {
    const app = createHttpServer({
      service: 'health-test',
      logLevel: 'fatal',
      readiness: [
        { name: 'postgres', check: async () => Promise.reject(new Error('connect ECONNREFUSED 10.20.30.40:5432 (user tessera_app)')) },
        { name: 'token-service', check: async () => undefined },
      ],
    });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    await app.close();
    assert.equal(response.statusCode, 503);
    assert.deepEqual(response.json(), { status: 'not_ready', checks: { postgres: 'unavailable', 'token-service': 'ok' } });
    assert.doesNotMatch(response.body, /10\.20\.30\.40|ECONNREFUSED|tessera_app/);
  });
});
