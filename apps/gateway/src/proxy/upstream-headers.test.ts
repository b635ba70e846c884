import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { upstreamHeaders } from './upstream-headers.ts';

const gateway = { 'x-tessera-user-id': 'usr_real', 'x-forwarded-for': '10.0.0.7', 'x-request-id': 'req_1' };
const forward = (client: Record<string, string | string[]>, connection?: string, dropped: ReadonlySet<string> = new Set()) =>
  upstreamHeaders(client, { connection, dropped, gateway });

describe('proxy: the headers an upstream receives', () => {
  it("keeps the client's own headers and adds the gateway's", () =>
    assert.deepEqual(forward({ host: 'orders.internal', accept: 'application/json', cookie: 'a=1', 'x-custom_field': 'kept' }), {
      host: 'orders.internal',
      accept: 'application/json',
      cookie: 'a=1',
      'x-custom_field': 'kept',
      ...gateway,
    }));

  it("hands on the client's cookies but never the gateway's session cookie, under either name", () => {
    assert.equal(forward({ cookie: 'a=1; tessera_session=s3cret; __Host-tessera_session=s3cret; b=2' }).cookie, 'a=1; b=2');
    assert.equal('cookie' in forward({ cookie: 'tessera_session=s3cret' }), false);
  });

  it("drops every header that could pass for the gateway's, however an upstream folds _ and case", () => {
    const forged = {
      x_tessera_user_id: 'usr_FAKE',
      'X-Tessera_Username': 'root',
      'x-tessera-anything': 'x',
      authorization: 'Token t',
      x_forwarded_for: '6.6.6.6',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-port': '443',
      forwarded: 'for=6.6.6.6',
      'x-real-ip': '6.6.6.6',
      x_request_id: 'req_forged',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'a=b',
    };
    assert.deepEqual(forward(forged), gateway);
  });

  it('drops the hop-by-hop headers and those the client names in Connection, but never what the gateway adds', () => {
    const client = {
      connection: 'keep-alive, X-Hop, x_other_hop, x-tessera-user-id, X-Forwarded-For, host',
      host: 'orders.internal',
      'keep-alive': 'timeout=5',
      'proxy-connection': 'keep-alive',
      'proxy-authorization': 'Basic eDp5',
      te: 'trailers',
      trailer: 'x-checksum',
      'transfer-encoding': 'chunked',
      upgrade: 'h2c',
      'x-hop': '1',
      'x-other-hop': '2',
      'x-end-to-end': '3',
    };
    assert.deepEqual(forward(client, client.connection), { host: 'orders.internal', 'x-end-to-end': '3', ...gateway });
  });

  it('drops the other headers it is asked to, under any spelling', () =>
    assert.deepEqual(forward({ x_http_method_override: 'DELETE', 'x-http-method': 'PUT', accept: '*/*' }, undefined, new Set(['x-http-method-override', 'x-http-method'])), {
      accept: '*/*',
      ...gateway,
    }));
});
