import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { authenticatePlugin, type GatewayResource } from './authenticate.ts';

describe("authenticatePlugin: the gateway's routes as policy resources", () => {
  it('refuses to start with a route that names a resource no policy can mean', async () => {
    const app = Fastify();
    // Nothing is validated before start-up fails.
    await app.register(authenticatePlugin, { validation: { validate: () => Promise.reject(new Error('not called')) } });
    const start = async () => {
      await app.register(async (routes) => {
        routes.get('/api/v1/auth/user/', { config: { resource: 'acount' as GatewayResource } }, async () => ({}));
      });
      await app.ready();
    };
    await assert.rejects(start, /GET \/api\/v1\/auth\/user\/ names the resource "acount", which is none of account, tokens, admin/);
    await app.close();
  });
});
