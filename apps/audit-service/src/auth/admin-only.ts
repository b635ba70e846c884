import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAllowed, parsePolicy, refusalMessage } from '@tessera/domain';
import { checkedCredential, endClientOf, presentedCredential, type TokenServiceClient } from '@tessera/token-service-client';

/** The resource a token's policy is asked about for the audit service's routes. */
export const auditResource = 'audit';

/**
 * The query API is for ops: an admin's token or API key, checked by the token service as the gateway checks any
 * credential, in any of its forms. A token whose policy does not allow the method on `audit` is refused too.
 */
export function adminOnly(tokenService: Pick<TokenServiceClient, 'validate'>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const presented = presentedCredential({ authorization: request.headers.authorization });
    if (presented.kind === 'none') return unauthenticated(reply, 'not_authenticated', 'Authentication credentials were not provided.');
    if (presented.kind === 'unreadable') return unauthenticated(reply, 'token_authentication_failed', presented.message);
    const verdict = await tokenService.validate(checkedCredential(presented), endClientOf(request));
    if (!verdict.valid || !verdict.user || !verdict.token) return unauthenticated(reply, 'token_authentication_failed', refusalMessage(verdict.code));
    if (!verdict.user.roles.includes('admin') || !isAllowed(parsePolicy(verdict.token.policy), auditResource, request.method)) {
      return reply.code(403).send({ code: 'permission_denied', message: 'The audit API is for admins, with a token allowed to read the audit resource.' });
    }
  };
}

function unauthenticated(reply: FastifyReply, code: string, message: string) {
  return reply.code(401).header('www-authenticate', 'Token').send({ code, message });
}
