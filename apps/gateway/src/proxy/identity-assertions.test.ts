import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify } from 'jose';
import { assertionIssuer, assertionType, identityAssertions, signingKey, type AssertedRequest } from './identity-assertions.ts';

const reader = signingKey('GATEWAY_IDENTITY_SIGNING_KEY');
const load = (value: string | undefined) => {
  const result = reader.read(value);
  return result.ok ? result.value : assert.fail(result.problem);
};
const refusal = (value: string) => {
  const result = reader.read(value);
  return result.ok ? assert.fail('expected GATEWAY_IDENTITY_SIGNING_KEY to be refused') : result.problem;
};
const jwkOf = (type: 'ec' | 'ed25519', namedCurve = 'P-256') =>
  JSON.stringify((type === 'ec' ? generateKeyPairSync('ec', { namedCurve }) : generateKeyPairSync('ed25519')).privateKey.export({ format: 'jwk' }));

const request: AssertedRequest = {
  audience: 'http://orders.internal/api',
  method: 'DELETE',
  url: 'http://orders.internal/api/orders/7',
  requestId: 'req_0001',
  userId: 'usr_1',
  username: 'alice',
  tokenId: 'tok_1',
  clientType: 'cli',
};

// As an upstream verifies one: the issuer, its own audience and the type, against the published keys.
const verify = (jwt: string, jwks: Parameters<typeof createLocalJWKSet>[0], options: { audience?: string; currentDate?: Date } = {}) =>
  jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: assertionIssuer, audience: request.audience, typ: assertionType, algorithms: ['ES256'], ...options });

describe('proxy: identity assertions', () => {
  it('signs who called, for one upstream and one request, verifiable with the published keys alone', async () => {
    const assertions = await identityAssertions(undefined);
    const { payload, protectedHeader } = await verify(await assertions.sign(request), assertions.jwks);
    assert.equal(protectedHeader.kid, assertions.jwks.keys[0]!.kid);
    const { iat, exp, ...claims } = payload;
    assert.deepEqual(claims, {
      iss: 'tessera-gateway',
      aud: request.audience,
      sub: 'usr_1',
      jti: 'req_0001',
      username: 'alice',
      token_id: 'tok_1',
      client_type: 'cli',
      htm: 'DELETE',
      htu: 'http://orders.internal/api/orders/7',
    });
    assert.equal(exp! - iat!, 60);
  });

  it('publishes no private part of the key', async () => {
    const [key, ...more] = (await identityAssertions(undefined)).jwks.keys;
    assert.equal(more.length, 0);
    assert.deepEqual(Object.keys(key!).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  });

  it('is refused by another upstream, after its minute, and under keys the gateway did not publish', async () => {
    const assertions = await identityAssertions(undefined);
    const jwt = await assertions.sign(request);
    await assert.rejects(verify(jwt, assertions.jwks, { audience: 'http://billing.internal' }), errors.JWTClaimValidationFailed);
    await assert.rejects(verify(jwt, assertions.jwks, { currentDate: new Date(Date.now() + 61_000) }), errors.JWTExpired);
    await assert.rejects(verify(jwt, (await identityAssertions(undefined)).jwks), errors.JWKSNoMatchingKey);
  });

  it('signs with a given key, so that every instance given it publishes the same key', async () => {
    const key = jwkOf('ec');
    const [one, other] = [await identityAssertions(load(key)), await identityAssertions(load(key))];
    assert.deepEqual(one.jwks, other.jwks);
    await verify(await one.sign(request), other.jwks);
  });

  it('is generated per start when no key is given', () => assert.equal(load(undefined), undefined));

  it('refuses a key that is not an ES256 private JWK, never echoing the value', () => {
    const publicOnly = JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }));
    for (const value of ['-----BEGIN PRIVATE KEY-----', publicOnly]) {
      const message = refusal(value);
      assert.match(message, /GATEWAY_IDENTITY_SIGNING_KEY: not a private JWK/);
      assert.ok(!message.includes(value), 'the value is not echoed');
    }
    assert.match(refusal(jwkOf('ec', 'P-384')), /GATEWAY_IDENTITY_SIGNING_KEY: the key must be an EC key on P-256 \(ES256\), not ec on secp384r1/);
    const ed25519 = jwkOf('ed25519');
    const message = refusal(ed25519);
    assert.match(message, /must be an EC key on P-256 \(ES256\), not ed25519/);
    assert.ok(!message.includes(JSON.parse(ed25519).d));
  });
});
