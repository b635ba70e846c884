/**
 * Who acted: the user, and the credential (a token or an API key) they acted with. An event a caller caused records
 * it, so the log answers "who did this" even when one admin acts on another's account.
 */
export interface Actor {
  user_id: string;
  /** `bootstrap`: no caller, the service itself recovering administration (bootstrapActor). */
  credential: 'token' | 'api_key' | 'bootstrap';
  credential_id: string;
}

/**
 * The token service making or reviving an admin on its own (the configured bootstrap admin, when no active admin is
 * left): the admin it acts for, and how it was asked (`start-up`).
 */
export const bootstrapActor = (userId: string, via: 'start-up'): Actor => ({ user_id: userId, credential: 'bootstrap', credential_id: via });

/** The actor, when there is one, as a field to spread into an event's data (absent, not undefined, in stored JSON). */
export const actorField = (actor: Actor | undefined): { actor?: Actor } => (actor ? { actor } : {});
