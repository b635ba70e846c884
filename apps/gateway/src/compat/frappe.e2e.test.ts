import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bootstrapAdmin, clientTool, gatewayLogin, startPlatform, testPassword, type Platform } from '@tessera/testing';

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}
interface Keys {
  api_key: string;
  api_secret: string;
}
interface Sent {
  authorization?: string;
  query?: string;
  form?: Record<string, string>;
  json?: unknown;
}

const loggedUserPath = '/api/method/frappe.auth.get_logged_user';
const generateKeysPath = '/api/method/frappe.core.doctype.user.user.generate_keys';
const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
const run = promisify(execFile);

describe("gateway: Frappe's routes, in the forms Frappe's clients send", () => {
  let platform: Platform;
  let adminToken: string;
  let adminKey: string;

  const send = async (method: string, path: string, { authorization, query = '', form, json }: Sent = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...(authorization ? { authorization } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) };
    const body = form ? new URLSearchParams(form) : json !== undefined ? JSON.stringify(json) : undefined;
    const response = await fetch(`${platform.urls.gateway}${path}${query}`, { method, headers, ...(body ? { body } : {}) });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
  };
  const loggedUser = (authorization?: string) => send('GET', loggedUserPath, authorization ? { authorization } : {});
  const keysOf = (answer: Answer) => {
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body['message'] as Keys;
  };
  const createUser = async (username: string) => {
    const created = await fetch(`${platform.urls.gateway}/api/v1/admin/users/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${adminToken}` },
      body: JSON.stringify({ username, email: `${username}@example.com`, password: testPassword() }),
    });
    assert.equal(created.status, 201);
  };

  /** Frappe's refusal as its clients read it: the status, `exc_type`, and the messages its desk and Python client show. */
  const assertRefusal = (answer: Answer, status: number, excType: string, message?: RegExp) => {
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.body['exc_type'], excType);
    const shown = (JSON.parse(answer.body['_server_messages'] as string) as string[]).map((text) => JSON.parse(text) as Json);
    assert.equal(shown.length, 1);
    assert.equal(shown[0]!['indicator'], 'red');
    if (message) assert.match(shown[0]!['message'] as string, message);
    assert.match(answer.body['exception'] as string, new RegExp(`^(frappe\\.exceptions\\.)?${excType}: `));
    assert.deepEqual(JSON.parse(answer.body['exc'] as string), [answer.body['exception']]);
  };

  before(async () => {
    platform = await startPlatform('gateway_frappe', { services: ['token-service', 'gateway'] });
    adminToken = await gatewayLogin(platform.urls.gateway);
    const { api_key, api_secret } = keysOf(await send('POST', generateKeysPath, { authorization: `Token ${adminToken}`, form: { user: bootstrapAdmin.username } }));
    adminKey = `${api_key}:${api_secret}`;
  });

  after(async () => {
    await platform?.stop();
  });

  describe("Frappe's Python client (frappe-client)", () => {
    // Credentials reach the script in its environment, never its command line.
    const python = async (script: string, env: Record<string, string>) => {
      const { stdout } = await run(clientTool('python'), ['-c', script], { env: { ...process.env, ...env }, timeout: 60_000 });
      return JSON.parse(stdout) as Json;
    };
    const apiKeyClient = `
import json, os
from frappeclient import FrappeClient
from frappeclient.frappeclient import FrappeException

client = FrappeClient(os.environ["URL"], api_key=os.environ["API_KEY"], api_secret=os.environ["API_SECRET"])

def call(verb, method, params={}):
    try:
        return {"result": getattr(client, verb)(method, params)}
    except FrappeException as error:
        return {"raised": json.loads(error.args[0])}
`;

    it('calls get_logged_user and generate_keys with an API key and secret, and raises on refusals', async () => {
      await createUser('frappe-client-bot');
      const [api_key, api_secret] = adminKey.split(':') as [string, string];
      const out = await python(
        `${apiKeyClient}
print(json.dumps({
    "get": call("get_api", "frappe.auth.get_logged_user"),
    "post": call("post_api", "frappe.auth.get_logged_user"),
    "keys": call("post_api", "frappe.core.doctype.user.user.generate_keys", {"user": "frappe-client-bot"}),
    "keys_by_get": call("get_api", "frappe.core.doctype.user.user.generate_keys", {"user": "frappe-client-bot"}),
    "nobody": call("post_api", "frappe.core.doctype.user.user.generate_keys", {"user": "nobody-here"}),
    "unknown": call("get_api", "frappe.client.get_list"),
}))`,
        { URL: platform.urls.gateway, API_KEY: api_key, API_SECRET: api_secret },
      );
      assert.deepEqual(out['get'], { result: bootstrapAdmin.username });
      assert.deepEqual(out['post'], { result: bootstrapAdmin.username });
      const keys = (out['keys'] as { result: Keys }).result;
      const keysByGet = (out['keys_by_get'] as { result: Keys }).result;
      assert.equal(keysByGet.api_key, keys.api_key, 'the key id is stable; the secret is replaced');
      assert.equal((await loggedUser(`token ${keys.api_key}:${keys.api_secret}`)).status, 401, 'the replaced secret is refused');
      const use = await loggedUser(`token ${keysByGet.api_key}:${keysByGet.api_secret}`);
      assert.deepEqual([use.status, use.body], [200, { message: 'frappe-client-bot' }]);
      assert.match((out['nobody'] as { raised: string[] }).raised[0]!, /^frappe\.exceptions\.DoesNotExistError: User nobody-here not found$/);
      assert.match((out['unknown'] as { raised: string[] }).raised[0]!, /^frappe\.exceptions\.ValidationError: Failed to get method for command frappe\.client\.get_list/);
    });

    it('raises on a wrong secret rather than returning a result', async () => {
      const [api_key] = adminKey.split(':') as [string];
      const out = await python(`${apiKeyClient}\nprint(json.dumps(call("get_api", "frappe.auth.get_logged_user")))`, {
        URL: platform.urls.gateway,
        API_KEY: api_key,
        API_SECRET: `tst_${'a'.repeat(49)}`,
      });
      assert.match((out['raised'] as string[])[0]!, /^frappe\.exceptions\.AuthenticationError: /);
    });

    it('signs in with a username and password, and its session cookie answers get_logged_user', async () => {
      const out = await python(
        `
import json, os
from frappeclient import FrappeClient
from frappeclient.frappeclient import AuthError
try:
    client = FrappeClient(os.environ["URL"], username=os.environ["USERNAME"], password=os.environ["PASSWORD"])
    print(json.dumps({"result": client.get_api("frappe.auth.get_logged_user")}))
except AuthError:
    print(json.dumps({"login": "refused"}))`,
        { URL: platform.urls.gateway, USERNAME: bootstrapAdmin.username, PASSWORD: bootstrapAdmin.password },
      );
      assert.deepEqual(out, { result: bootstrapAdmin.username });
    });

    it('is refused a sign-in with a wrong password, as frappe-client expects', async () => {
      const out = await python(
        `
import json, os
from frappeclient import FrappeClient
from frappeclient.frappeclient import AuthError
try:
    FrappeClient(os.environ["URL"], username="nobody-by-that-name", password="wrong")
    print(json.dumps({"login": "accepted"}))
except AuthError:
    print(json.dumps({"login": "refused"}))`,
        { URL: platform.urls.gateway },
      );
      assert.deepEqual(out, { login: 'refused' });
    });
  });

  it('documents each route in the OpenAPI document: its verbs, both spellings, its arguments and Frappe\'s refusal shape', async () => {
    type Operation = { parameters?: Array<{ name: string; in: string }>; responses: Record<string, { content?: Record<string, { schema: { properties?: Json } }> }> };
    const document = (await (await fetch(`${platform.urls.gateway}/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    for (const [path, verbs] of [[loggedUserPath, ['delete', 'get', 'post', 'put']], [generateKeysPath, ['get', 'post']]] as const) {
      for (const spelling of [path, `${path}/`]) {
        assert.deepEqual(Object.keys(document.paths[spelling] ?? {}).sort(), verbs, spelling);
        for (const status of ['401', '403', '404', '417']) {
          const refusal = document.paths[spelling]![verbs[0]]!.responses[status]!.content!['application/json']!.schema.properties!;
          assert.ok(['exc_type', 'exception', 'exc', '_server_messages'].every((key) => key in refusal), `${status} ${spelling}`);
        }
      }
    }
    const parameters = document.paths[generateKeysPath]!['post']!.parameters ?? [];
    assert.ok(parameters.some(({ name, in: where }) => name === 'user' && where === 'query'), 'user= in the query string');
  });

  describe('plain HTTP', () => {
    it('get_logged_user answers {"message": username} with and without a trailing slash, to GET, POST, PUT and DELETE', async () => {
      for (const path of [loggedUserPath, `${loggedUserPath}/`]) {
        for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
          const answer = await send(method, path, { authorization: `token ${adminKey}`, query: '?_=1700000000' });
          assert.deepEqual([answer.status, answer.body], [200, { message: bootstrapAdmin.username }], `${method} ${path}`);
        }
      }
    });

    it('get_logged_user accepts token key:secret, Basic key:secret and Bearer', async () => {
      for (const authorization of [`token ${adminKey}`, basic(adminKey), `Bearer ${adminToken}`]) {
        const answer = await loggedUser(authorization);
        assert.deepEqual([answer.status, answer.body], [200, { message: bootstrapAdmin.username }], authorization.slice(0, 6));
      }
    });

    it('generate_keys reads user= from the query, a form or JSON, JSON-quoted or bare, with or without a trailing slash', async () => {
      await createUser('frappe-bot');
      const forms: Array<[string, Sent]> = [
        ['query', { query: '?user=frappe-bot' }],
        ['JSON-quoted query (the guide\'s form)', { query: '?user=%22frappe-bot%22' }],
        ['query by email', { query: '?user=frappe-bot%40example.com' }],
        ['form', { form: { user: 'frappe-bot' } }],
        ['JSON-quoted form', { form: { user: '"frappe-bot"' } }],
        ['JSON', { json: { user: 'frappe-bot' } }],
      ];
      let previous: Keys | undefined;
      for (const path of [generateKeysPath, `${generateKeysPath}/`]) {
        for (const [name, sent] of forms) {
          const keys = keysOf(await send('POST', path, { authorization: basic(adminKey), ...sent }));
          const use = await loggedUser(`token ${keys.api_key}:${keys.api_secret}`);
          assert.deepEqual([use.status, use.body], [200, { message: 'frappe-bot' }], `${name} ${path}`);
          if (previous) {
            assert.equal(keys.api_key, previous.api_key, 'the key is stable');
            assert.equal((await loggedUser(`token ${previous.api_key}:${previous.api_secret}`)).status, 401, 'the old secret stops working');
          }
          previous = keys;
        }
      }
    });

    it('refuses no credential, and a wrong key or secret alike, as AuthenticationError 401', async () => {
      const none = await loggedUser();
      assertRefusal(none, 401, 'AuthenticationError');
      assert.equal(none.headers.get('www-authenticate'), 'Token');

      const [key, secret] = adminKey.split(':') as [string, string];
      const wrongSecret = await loggedUser(`token ${key}:tst_${'a'.repeat(49)}`);
      const wrongKey = await loggedUser(`token key_${'A'.repeat(22)}:${secret}`);
      assertRefusal(wrongSecret, 401, 'AuthenticationError');
      assert.equal(wrongSecret.body['code'], 'token_authentication_failed');
      assert.deepEqual(wrongKey.body, wrongSecret.body, 'nothing tells which part was wrong');
      assertRefusal(await send('POST', generateKeysPath, { authorization: basic(`${key}:tst_${'a'.repeat(49)}`), query: '?user=admin' }), 401, 'AuthenticationError');
    });

    it('refuses generate_keys to a non-admin as PermissionError 403, and takes the documented GET with a JSON-quoted user', async () => {
      await createUser('frappe-plain');
      const plain = keysOf(await send('POST', generateKeysPath, { authorization: `token ${adminKey}`, form: { user: 'frappe-plain' } }));
      assertRefusal(await send('POST', generateKeysPath, { authorization: `token ${plain.api_key}:${plain.api_secret}`, form: { user: 'frappe-plain' } }), 403, 'PermissionError');
      assertRefusal(await send('GET', generateKeysPath, { authorization: `token ${plain.api_key}:${plain.api_secret}`, query: '?user=frappe-plain' }), 403, 'PermissionError');

      const byGet = keysOf(await send('GET', generateKeysPath, { authorization: `token ${adminKey}`, query: '?user=%22frappe-plain%22' }));
      assert.equal(byGet.api_key, plain.api_key);
      assert.equal((await loggedUser(`token ${plain.api_key}:${plain.api_secret}`)).status, 401, 'the GET replaced the secret');
      assert.equal((await loggedUser(`token ${byGet.api_key}:${byGet.api_secret}`)).status, 200);
      // A verb the method does not take: Frappe's whitelist answers 403; HTTP's answer, which generated clients and
      // the OpenAPI contract expect, is 405 naming the verbs it takes.
      const patched = await send('PATCH', loggedUserPath, { authorization: `token ${adminKey}` });
      assert.deepEqual([patched.status, patched.headers.get('allow'), patched.body['code']], [405, 'DELETE, GET, HEAD, POST, PUT', 'method_not_allowed']);
    });

    it('refuses an unknown user as DoesNotExistError 404, JSON-quoted or not', async () => {
      for (const query of ['?user=nobody-here', '?user=%22nobody-here%22']) {
        assertRefusal(await send('POST', generateKeysPath, { authorization: `token ${adminKey}`, query }), 404, 'DoesNotExistError', /^User nobody-here not found$/);
      }
    });

    it('refuses a call without user, or with one that is not text, as Frappe refuses its arguments (417)', async () => {
      const authorization = `token ${adminKey}`;
      // A user that exists, so that reading an argument from the wrong place would answer 200, not a refusal.
      await createUser('frappe-argument-bot');
      assertRefusal(await send('POST', generateKeysPath, { authorization }), 417, 'TypeError', /missing 1 required positional argument: 'user'/);
      // With a JSON body Frappe reads the body alone: a user in the query string is not an argument.
      assertRefusal(await send('POST', generateKeysPath, { authorization, query: '?user=frappe-argument-bot', json: {} }), 417, 'TypeError');
      assertRefusal(await send('POST', generateKeysPath, { authorization, json: { user: { name: 'frappe-argument-bot' } } }), 417, 'ValidationError');
      assertRefusal(await send('POST', generateKeysPath, { authorization, json: ['frappe-argument-bot'] }), 417, 'ValidationError');
    });

    it('refuses a method it does not have as Frappe does (ValidationError 417), after checking the credential', async () => {
      for (const path of ['/api/method/frappe.client.get_list', '/api/method/frappe.client.get_list/', '/api/method/upload_file']) {
        assertRefusal(await send('GET', path, { authorization: `token ${adminKey}` }), 417, 'ValidationError', /^Failed to get method for command /);
      }
      assertRefusal(await send('POST', '/api/method/frappe.client.get_list'), 401, 'AuthenticationError');
      assertRefusal(await send('GET', '/api/method/', { authorization: `token ${adminKey}` }), 404, 'DoesNotExistError');
    });
  });
});
