import type { Metadata } from '@grpc/grpc-js';
import { secretCheck } from '@tessera/config';
import { serviceSecretHeader } from '@tessera/contracts';
import { AuthenticationError, refusalMessage } from '@tessera/domain';
import { requireUnrestricted, type Caller } from '../auth/caller.ts';
import { validate, type Credential, type ValidateDependencies } from '../validation/validate.handler.ts';
import { clientOf } from './messages.ts';

/**
 * Every RPC comes from one of our own services (the gateway, an internal service): it proves so with the shared
 * secret. Compared through digests of equal length, in constant time.
 */
export function trustedServiceCheck(secret: string): (metadata: Metadata) => boolean {
  const matches = secretCheck(secret);
  return (metadata) => matches(metadata.get(serviceSecretHeader)[0]);
}

export async function requireCaller(deps: ValidateDependencies, metadata: Metadata, client: { ip: string; userAgent: string }): Promise<Caller> {
  const credential = credentialIn(metadata);
  if (!credential) throw new AuthenticationError('not_authenticated', 'Authentication credentials were not provided.');
  // Not counted as a use: the caller's request was counted once already, when the gateway authenticated it.
  const { code, record } = await validate(deps, credential, client, { countUse: false });
  if (code !== 'VALID' || !record) {
    throw new AuthenticationError('token_authentication_failed', refusalMessage(code));
  }
  return {
    userId: record.user.id,
    username: record.user.username,
    roles: record.user.roles,
    tokenId: record.token.id,
    credential: record.credential,
    clientType: record.token.client_type,
    isAdmin: record.user.roles.includes('admin'),
    restricted: record.token.policy !== null && record.token.policy !== undefined,
  };
}

/** `Bearer <token>`, or `ApiKey <key>:<secret>` for a caller that holds an API key (Frappe's clients do). */
function credentialIn(metadata: Metadata): Credential | undefined {
  const authorization = metadata.get('authorization')[0];
  if (typeof authorization !== 'string') return undefined;
  const [, scheme, value] = /^(Bearer|ApiKey) (\S+)$/i.exec(authorization) ?? [];
  if (!scheme || !value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return { kind: 'token', token: value };
  const separator = value.indexOf(':');
  return separator > 0 ? { kind: 'api_key', apiKey: value.slice(0, separator), secret: value.slice(separator + 1) } : undefined;
}

/** A caller who may manage credentials and users (the management RPCs). */
export async function requireManager(deps: ValidateDependencies, metadata: Metadata): Promise<Caller> {
  return requireUnrestricted(await requireCaller(deps, metadata, clientOf(metadata)));
}
