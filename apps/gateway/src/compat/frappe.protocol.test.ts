import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asFrappeRefusal, frappeArguments } from './frappe.protocol.ts';

const request = (query: Record<string, unknown>, body: unknown, contentType?: string) =>
  ({ query, body, headers: contentType ? { 'content-type': contentType } : {} }) as unknown as FastifyRequest;

describe("Frappe's arguments", () => {
  it('reads a JSON body alone, leaving the query string out', () => {
    assert.deepEqual(frappeArguments(request({ user: 'from-query' }, { other: 1 }, 'application/json; charset=utf-8')), { other: 1 });
  });

  it('reads the query string with a form body over it', () => {
    const form = 'application/x-www-form-urlencoded';
    assert.deepEqual(frappeArguments(request({ user: 'from-query', page: '2' }, { user: 'from-form' }, form)), { user: 'from-form', page: '2' });
    assert.deepEqual(frappeArguments(request({ user: 'admin' }, undefined)), { user: 'admin' });
  });

  it('reads text that is a JSON string literal as that string, and any other text as it is', () => {
    const read = (user: string) => frappeArguments(request({ user }, undefined))['user'];
    assert.equal(read('"admin"'), 'admin');
    assert.equal(read('"a\\"b"'), 'a"b');
    for (const text of ['"unterminated', '42', '["admin"]', '{"user": "admin"}', 'plain', '']) assert.equal(read(text), text);
  });

  it('leaves a JSON body\'s strings as sent', () => {
    assert.deepEqual(frappeArguments(request({}, { user: '"admin"' }, 'application/json')), { user: '"admin"' });
  });
});

describe("Frappe's refusals", () => {
  const reply = (statusCode: number) => {
    const state = { statusCode, code(next: number) { state.statusCode = next; return state; } };
    return state;
  };
  const refusal = { code: 'validation_error', message: 'Invalid body: body/user must be string' };

  it('answers a Tessera refusal of invalid input as ValidationError 417', async () => {
    const answer = reply(400);
    const body = (await asFrappeRefusal({} as FastifyRequest, answer as unknown as FastifyReply, refusal)) as Record<string, unknown>;
    assert.equal(answer.statusCode, 417);
    assert.equal(body['exc_type'], 'ValidationError');
    assert.equal(body['exception'], 'frappe.exceptions.ValidationError: Invalid body: body/user must be string');
    assert.deepEqual(JSON.parse(body['_server_messages'] as string).map((text: string) => JSON.parse(text).message), [refusal.message]);
  });

  it('leaves a body already in Frappe\'s shape, a success and a status Frappe has no refusal for as they are', async () => {
    for (const [status, payload] of [[401, { exc_type: 'AuthenticationError', code: 'x', message: 'y' }], [200, { message: 'admin' }], [503, refusal]] as const) {
      const answer = reply(status);
      assert.equal(await asFrappeRefusal({} as FastifyRequest, answer as unknown as FastifyReply, payload), payload);
      assert.equal(answer.statusCode, status);
    }
  });
});
