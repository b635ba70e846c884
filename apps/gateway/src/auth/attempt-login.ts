import { status, type ServiceError } from '@grpc/grpc-js';
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { LoginResponse__Output } from '@tessera/contracts';
import type { LoginThrottle } from '../throttling/login-throttle.ts';
import type { EndClient, TokenServiceClient } from '@tessera/token-service-client';

export type LoginOutcome = { kind: 'logged_in'; response: LoginResponse__Output } | { kind: 'refused' } | { kind: 'locked' };

export interface LoginDependencies {
  tokenService: TokenServiceClient;
  loginThrottle: LoginThrottle;
  /** The login routes' own budget per client IP, tighter than the gateway's. */
  rateLimit: RateLimitOptions;
}

/**
 * Every login route's one way in. A locked account is refused without asking the token service, even with the right
 * password (QFieldCloud's lock); the failure that reaches the limit is already answered as locked.
 */
export async function attemptLogin({ tokenService, loginThrottle }: LoginDependencies, attempt: { login: string; password: string } & EndClient): Promise<LoginOutcome> {
  const admission = await loginThrottle.admit(attempt.login);
  if (admission.locked) return { kind: 'locked' };
  try {
    const response = await tokenService.login(attempt);
    await loginThrottle.succeeded(attempt.login);
    return { kind: 'logged_in', response };
  } catch (error) {
    if ((error as ServiceError).code !== status.UNAUTHENTICATED) {
      await loginThrottle.unchecked(attempt.login);
      throw error;
    }
    return { kind: admission.last ? 'locked' : 'refused' };
  }
}
