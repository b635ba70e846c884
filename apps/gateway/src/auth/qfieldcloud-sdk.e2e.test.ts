import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { bootstrapAdmin, clientTool, gatewayLogin, startPlatform, testPassword, type Platform } from '@tessera/testing';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a real client to its end; a refusal is an exit code to check, not a thrown error. */
function run(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

// The SDK's own calls for the auth family: it has methods for login and logout; the current user is read through its
// request method, which adds what every SDK call sends (`Authorization: token …`, its User-Agent, a trailing slash).
const sdkScript = `
import json, sys
from qfieldcloud_sdk import sdk
client = sdk.Client(url=sys.argv[1])
login = client.login(sys.argv[2], sys.argv[3])
me = client._request("GET", "auth/user").json()
logout = client.logout()
try:
    client._request("GET", "auth/user")
    refused = None
except sdk.QfcRequestException as error:
    refused = {"status": error.response.status_code, "body": error.response.json()}
print(json.dumps({"login": login, "me": me, "logout": logout, "after_logout": refused}))
`;

describe("gateway: QFieldCloud's own SDK and CLI (qfieldcloud-sdk from PyPI), unchanged", () => {
  let platform: Platform;
  let api: string;
  const cli = (args: string[], env: Record<string, string> = {}) => run(clientTool('qfieldcloud-cli'), args, { QFIELDCLOUD_URL: api, ...env });
  const tokensOf = async (token: string) => {
    const response = await fetch(`${platform.urls.gateway}/api/v1/auth/tokens/`, { headers: { authorization: `Token ${token}` } });
    assert.equal(response.status, 200);
    return (await response.json()) as Array<{ current: boolean; client_type: string }>;
  };
  const currentUser = (token: string) => fetch(`${platform.urls.gateway}/api/v1/auth/user/`, { headers: { authorization: `Token ${token}` } });

  before(async () => {
    platform = await startPlatform('gateway_qfieldcloud_sdk', { services: ['token-service', 'gateway'] });
    // The SDK appends each path to the URL as given: it must end with a slash, as QFieldCloud's own does.
    api = `${platform.urls.gateway}/api/v1/`;
  });

  after(async () => {
    await platform?.stop();
  });

  it('`qfieldcloud-cli login` signs in by username and prints the token, which works as an sdk client token', async () => {
    const { code, stdout, stderr } = await cli(['--json', 'login', bootstrapAdmin.username, bootstrapAdmin.password]);
    assert.equal(code, 0, stderr);
    const login = JSON.parse(stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(login).sort(), ['email', 'expires_at', 'first_name', 'full_name', 'last_name', 'token', 'username']);
    assert.equal(login['username'], bootstrapAdmin.username);
    assert.ok(Date.parse(login['expires_at']!) > Date.now());
    assert.equal((await currentUser(login['token']!)).status, 200);
    const current = (await tokensOf(login['token']!)).find((token) => token.current);
    assert.equal(current?.client_type, 'sdk', 'its User-Agent, sdk|py|<version>, names the client type');

    const human = await cli(['login', bootstrapAdmin.username, bootstrapAdmin.password]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stderr, new RegExp(`Welcome to QFieldCloud, ${bootstrapAdmin.username}\\.`));
    const exported = /export QFIELDCLOUD_TOKEN="(tst_[A-Za-z0-9]+)"/.exec(human.stderr)?.[1];
    assert.ok(exported, human.stderr);
    assert.equal((await currentUser(exported)).status, 200);
  });

  it('the SDK signs in by email, reads the current user, logs out, and its token is refused afterwards', async () => {
    const admin = await gatewayLogin(platform.urls.gateway);
    const username = `sdk-${randomUUID().slice(0, 8)}`;
    const password = testPassword('qfieldcloud-sdk');
    const created = await fetch(`${platform.urls.gateway}/api/v1/admin/users/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${admin}` },
      body: JSON.stringify({ username, email: `${username}@example.com`, password }),
    });
    assert.equal(created.status, 201);

    const { code, stdout, stderr } = await run(clientTool('python'), ['-c', sdkScript, api, `${username}@example.com`, password], {});
    assert.equal(code, 0, stderr);
    const { login, me, logout, after_logout } = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    assert.equal(login!['username'], username);
    assert.deepEqual(Object.keys(me!).sort(), ['email', 'first_name', 'last_name', 'pk', 'username']);
    assert.equal(me!['username'], username);
    assert.equal(me!['email'], `${username}@example.com`);
    assert.deepEqual(logout, { detail: 'Successfully logged out.' });
    assert.equal(after_logout!['status'], 401);
    assert.equal((after_logout!['body'] as { code: string }).code, 'token_authentication_failed');
  });

  it('`qfieldcloud-cli logout` ends the token it is given, by QFIELDCLOUD_TOKEN or by signing in with -u and -p', async () => {
    const signIn = async () => (JSON.parse((await cli(['--json', 'login', bootstrapAdmin.username, bootstrapAdmin.password])).stdout) as { token: string }).token;
    const [token, other] = [await signIn(), await signIn()];
    const out = await cli(['--json', 'logout'], { QFIELDCLOUD_TOKEN: token });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), { detail: 'Successfully logged out.' });
    assert.deepEqual(await (await currentUser(token)).json(), { code: 'token_authentication_failed', message: 'Token has expired.' });
    assert.equal((await currentUser(other)).status, 200, 'the SDK is a multi-token client: its other sessions stay signed in');

    const human = await cli(['-u', bootstrapAdmin.username, '-p', bootstrapAdmin.password, 'logout']);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stderr, /Log out…\nSuccessfully logged out\./);
  });

  it("a refused login is reported by the CLI with the URL, the status and QFieldCloud's error body, and no token", async () => {
    // The CLI catches the SDK's QfcRequestException and prints it (on stdout, exiting 0): the report is its output.
    const { stdout } = await cli(['--json', 'login', bootstrapAdmin.username, testPassword('wrong')]);
    assert.match(stdout, new RegExp(`^Requested "${api}auth/login/" and got "401 Unauthorized":\n`));
    const body = JSON.parse(stdout.slice(stdout.indexOf('\n') + 1)) as unknown;
    assert.deepEqual(body, { code: 'authentication_failed', message: 'Unable to log in with provided credentials.' });
    assert.doesNotMatch(stdout, /tst_/);
  });
});
