import type { ExpirySettings } from '@tessera/domain';
import type { Logger } from '@tessera/telemetry';
import type { LoginThrottle } from './auth/login-throttle.ts';
import type { PasswordHasher } from './credentials/password-hasher.ts';
import type { PostgresEventStore } from './event-store/postgres-event-store.ts';
import type { CacheInvalidations } from './validation/cache-invalidations.ts';
import type { ValidateDependencies } from './validation/validate.handler.ts';

/** What the command handlers and queries share, wired once by main.ts. */
export interface TokenServiceContext extends ValidateDependencies {
  store: PostgresEventStore;
  passwords: PasswordHasher;
  loginThrottle: LoginThrottle;
  expiry: ExpirySettings;
  /** ADMIN_KEYS_FOR_OTHER_ADMINS=allow: an admin may generate another admin's API secret (and so act as them). */
  adminsMayKeyOtherAdmins: boolean;
  logger: Logger;
  invalidations: CacheInvalidations;
}
