import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { calculateJwkThumbprint, SignJWT } from 'jose';
import { Type, type Static } from 'typebox';
import type { Reader } from '@tessera/config';
import { NoQuery } from '../errors.ts';

/** The path of the gateway's public keys; an upstream fetches them once and verifies every assertion offline. */
export const jwksPath = '/.well-known/jwks.json';

/** The JWT's `iss`, and its `typ` (RFC 8725 §3.11), so that no other JWT the upstream sees can pass for one. */
export const assertionIssuer = 'tessera-gateway';
export const assertionType = 'tessera-identity+jwt';

/**
 * Long enough for clock skew between the gateway and an upstream, short enough that a leaked assertion (an
 * upstream's log, say) is soon worthless; it is bound to one request's method and URL besides.
 */
const lifetimeSeconds = 60;

/** Who called, in the request an assertion vouches for. */
export interface AssertedRequest {
  audience: string;
  method: string;
  url: string;
  requestId: string;
  userId: string;
  username: string;
  tokenId: string;
  clientType: string;
}

const PublicJwk = Type.Object({
  kty: Type.String({ description: 'EC' }),
  crv: Type.String({ description: 'P-256' }),
  x: Type.String(),
  y: Type.String(),
  kid: Type.String({ description: "the key's RFC 7638 thumbprint; an assertion's header names it" }),
  alg: Type.String({ description: 'ES256' }),
  use: Type.String({ description: 'sig' }),
});

export interface IdentityAssertions {
  /** A signed JWT of the identity the gateway vouches for, for the upstream it forwards to. */
  sign(request: AssertedRequest): Promise<string>;
  jwks: { keys: Array<Static<typeof PublicJwk>> };
}

/**
 * `GATEWAY_IDENTITY_SIGNING_KEY`: the ES256 key that signs identity assertions, as a private JWK (EC, P-256). Every
 * instance behind one address needs the same key, or an upstream holding one instance's JWKS refuses the others'.
 * Unset, each start makes a key of its own. The value is never echoed: it is a private key.
 */
export function signingKey(variable: string): Reader<KeyObject | undefined> {
  return {
    variable,
    read(raw) {
      if (raw === undefined || raw.trim() === '') return { ok: true, value: undefined };
      let key: KeyObject;
      try {
        key = createPrivateKey({ key: JSON.parse(raw), format: 'jwk' });
      } catch {
        return { ok: false, problem: `${variable}: not a private JWK; expected {"kty": "EC", "crv": "P-256", "x": …, "y": …, "d": …}` };
      }
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
        const kind = [key.asymmetricKeyType, curve].filter(Boolean).join(' on ');
        return { ok: false, problem: `${variable}: the key must be an EC key on P-256 (ES256), not ${kind}` };
      }
      return { ok: true, value: key };
    },
  };
}

export async function identityAssertions(given: KeyObject | undefined): Promise<IdentityAssertions> {
  const privateKey = given ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const { kty, crv, x, y } = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicJwk = { kty: kty!, crv: crv!, x: x!, y: y! };
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] },
    sign: (request) =>
      new SignJWT({
        username: request.username,
        token_id: request.tokenId,
        client_type: request.clientType,
        // DPoP's names (RFC 9449) for the request an assertion belongs to: replayed with another, it does not fit.
        htm: request.method,
        htu: request.url,
      })
        .setProtectedHeader({ alg: 'ES256', kid, typ: assertionType })
        .setIssuer(assertionIssuer)
        .setAudience(request.audience)
        .setSubject(request.userId)
        .setJti(request.requestId)
        .setIssuedAt()
        .setExpirationTime(`${lifetimeSeconds}s`)
        .sign(privateKey),
  };
}

/** The public half of the signing key, where upstreams (and JOSE libraries' remote key sets) look for it. */
export const jwksRoutes: FastifyPluginAsyncTypebox<{ assertions: IdentityAssertions }> = async (app, { assertions }) => {
  app.get(
    jwksPath,
    {
      schema: {
        summary: "The gateway's public keys for the identity assertions it sends upstream",
        description:
          'Every request the proxy forwards carries `x-tessera-assertion`, an ES256 JWT (typ `tessera-identity+jwt`, iss `tessera-gateway`, aud the route\'s upstream, sub the user id, `username`, `token_id`, `client_type`, `htm` and `htu` the method and URL forwarded, 60 seconds of life) signed with one of these keys.',
        querystring: NoQuery,
        response: { 200: Type.Object({ keys: Type.Array(PublicJwk) }) },
      },
    },
    // A rotated key is a restart: a day-long cache would refuse the new one's assertions until it expired.
    async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(assertions.jwks),
  );
};
