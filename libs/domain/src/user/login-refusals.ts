/**
 * QFieldCloud's answer while an account is locked after too many failed logins. The token service refuses with it and
 * the gateway's routes pass it on, so the two cannot drift apart.
 */
export const tooManyFailedLogins = { code: 'too_many_failed_login_attempts', message: 'Too many failed login attempts!' } as const;
