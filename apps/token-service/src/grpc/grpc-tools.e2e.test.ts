import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { findUp } from '@tessera/config';
import { bootstrapAdmin, clientTool, listGrpcServices, runCommand, startPlatform, type Platform } from '@tessera/testing';

/** Every message and enum a .proto file declares at its top level, by full name. */
function declaredTypes(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const protoPackage = /^package ([\w.]+);/m.exec(text)?.[1];
  return [...text.matchAll(/^(?:message|enum) (\w+)/gm)].map((match) => `${protoPackage}.${match[1]}`);
}

describe('token service: the real grpcurl and grpc_health_probe work unchanged', () => {
  let platform: Platform;
  let address: string;
  // grpcurl expands ${TESSERA_SERVICE_SECRET} itself, so the secret stays off the command line.
  const grpcurl = (args: string[], input?: string) =>
    runCommand(clientTool('grpcurl'), ['-plaintext', '-expand-headers', '-H', 'x-tessera-service-secret: ${TESSERA_SERVICE_SECRET}', ...args], {
      env: { TESSERA_SERVICE_SECRET: platform.serviceSecret },
      ...(input === undefined ? {} : { input }),
    });
  const probe = (...args: string[]) => runCommand(clientTool('grpc-health-probe'), [`-addr=${address}`, ...args]);

  before(async () => {
    platform = await startPlatform('grpc_tools', { services: ['token-service'] });
    address = platform.urls.tokenService;
  });

  after(async () => {
    await platform?.stop();
  });

  it('lists every service through reflection, the health service among them', async () => {
    const listed = await grpcurl([address, 'list']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split('\n'), await listGrpcServices(address));
    assert.ok(listed.stdout.includes('grpc.health.v1.Health\n'));
  });

  it('describes every service, and every message and enum of the contract and of the health service', async () => {
    const services = (await grpcurl([address, 'list'])).stdout.trim().split('\n');
    const protoDir = findUp(import.meta.dirname, 'proto');
    const types = [
      ...readdirSync(join(protoDir, 'tessera/v1')).flatMap((file) => declaredTypes(join(protoDir, 'tessera/v1', file))),
      ...declaredTypes(healthProtoPath),
    ];
    assert.ok(types.length > 20, `${types.length} types found in the .proto files`);
    for (const symbol of [...services, ...types]) {
      const described = await grpcurl([address, 'describe', symbol]);
      assert.equal(described.status, 0, `describe ${symbol}: ${described.stderr}`);
      assert.match(described.stdout, new RegExp(`^${symbol.replaceAll('.', '\\.')} is an? (service|message|enum):`), symbol);
    }
    // protobuf-go refused this map before its entry type was named as protoc names it.
    const list = await grpcurl([address, 'describe', 'grpc.health.v1.HealthListResponse']);
    assert.match(list.stdout, /map<string, \.grpc\.health\.v1\.HealthCheckResponse> statuses = 1;/);
  });

  it('answers Health/Check SERVING, for the server and for a service', async () => {
    const server = await grpcurl([address, 'grpc.health.v1.Health/Check']);
    assert.equal(server.status, 0, server.stderr);
    assert.deepEqual(JSON.parse(server.stdout), { status: 'SERVING' });
    const service = await grpcurl(['-d', '{"service": "tessera.v1.ValidationService"}', address, 'grpc.health.v1.Health/Check']);
    assert.deepEqual(JSON.parse(service.stdout), { status: 'SERVING' });
  });

  it('signs in and validates the token it got, through grpcurl, with the service secret', async () => {
    const login = await grpcurl(
      ['-d', '@', address, 'tessera.v1.AuthService/Login'],
      JSON.stringify({ login: bootstrapAdmin.username, password: bootstrapAdmin.password, client: { user_agent: 'grpcurl' } }),
    );
    assert.equal(login.status, 0, login.stderr);
    const issued = (JSON.parse(login.stdout) as { token: { id: string; token: string } }).token;

    const validated = await grpcurl(['-d', '@', address, 'tessera.v1.ValidationService/Validate'], JSON.stringify({ token: issued.token }));
    assert.equal(validated.status, 0, validated.stderr);
    const verdict = JSON.parse(validated.stdout) as { valid: boolean; code: string; user: { username: string }; token: { id: string } };
    assert.deepEqual([verdict.valid, verdict.code, verdict.user.username, verdict.token.id], [true, 'VALID', bootstrapAdmin.username, issued.id]);

    const withoutSecret = await runCommand(clientTool('grpcurl'), ['-plaintext', '-d', '@', address, 'tessera.v1.ValidationService/Validate'], {
      input: JSON.stringify({ token: issued.token }),
    });
    assert.notEqual(withoutSecret.status, 0);
    assert.match(withoutSecret.stderr, /Code: Unauthenticated/);
  });

  it('grpc_health_probe exits 0 for the server and each of its services, and not for an unknown service', async () => {
    const server = await probe();
    // The probe reports on standard error, as it does in a pod's probe log.
    assert.deepEqual([server.status, server.stderr.trim()], [0, 'status: SERVING']);
    const services = (await grpcurl([address, 'list'])).stdout.trim().split('\n').filter((name) => name.startsWith('tessera.'));
    for (const service of services) {
      const probed = await probe(`-service=${service}`);
      assert.equal(probed.status, 0, `${service}: ${probed.stderr}`);
    }
    const unknown = await probe('-service=tessera.v1.NoSuchService');
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /NotFound/);
  });
});
