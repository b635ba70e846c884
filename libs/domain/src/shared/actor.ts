/**
 * Who acted: the user, and the credential (a token or an API key) they acted with. An event a caller caused records
 * it, so the log answers "who did this" even when one admin acts on another's account.
 */
export interface Actor {
  user_id: string;
  credential: 'token' | 'api_key';
  credential_id: string;
}

/** The actor, when there is one, as a field to spread into an event's data (absent, not undefined, in stored JSON). */
export const actorField = (actor: Actor | undefined): { actor?: Actor } => (actor ? { actor } : {});
