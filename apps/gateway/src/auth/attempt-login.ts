import { status, type ServiceError } from '@grpc/grpc-js';
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { LoginResponse__Output } from '@tessera/contracts';
import { tooManyFailedLogins } from '@tessera/domain';
import type { EndClient, TokenServiceClient } from '@tessera/token-service-client';

export type LoginOutcome = { kind: 'logged_in'; response: LoginResponse__Output } | { kind: 'refused' } | { kind: 'locked' };

export interface LoginDependencies {
  tokenService: TokenServiceClient;
  /** The login routes' own budget per client IP, tighter than the gateway's. */
  rateLimit: RateLimitOptions;
}

/**
 * Every login route's one way in. The token service counts failures and locks accounts (ADR 5), so a caller that
 * reaches it without the gateway is held to the same limits; here its two refusals become each route's own words.
 */
export async function attemptLogin({ tokenService }: LoginDependencies, attempt: { login: string; password: string; clientType?: 'browser' } & EndClient): Promise<LoginOutcome> {
  try {
    return { kind: 'logged_in', response: await tokenService.login(attempt) };
  } catch (error) {
    const refusal = error as ServiceError;
    if (refusal.code !== status.UNAUTHENTICATED) throw error;
    return { kind: refusal.metadata.get('tessera-error-code')[0] === tooManyFailedLogins.code ? 'locked' : 'refused' };
  }
}

/** How every Tessera-shaped login route refuses, alike for a wrong password, an unknown or inactive user (ADR 5). */
export const loginRefusal = (outcome: Exclude<LoginOutcome, { kind: 'logged_in' }>) =>
  outcome.kind === 'locked' ? tooManyFailedLogins : { code: 'authentication_failed', message: 'Unable to log in with provided credentials.' };
