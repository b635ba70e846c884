/**
 * The rules for names and ids, each written once as a JSON Schema `pattern` (an ECMAScript expression that means the
 * same with or without the `u` flag): the domain checks with them, and the services build their request schemas, and
 * so their OpenAPI documents, from the same text.
 */

/** Django's username characters (QFieldCloud's users are Django's), in ASCII. */
export const usernameMaxLength = 150;
export const usernamePattern = `^[A-Za-z0-9_.@+-]{1,${usernameMaxLength}}$`;

/** One `@` and no blanks, within the lengths mail carries (RFC 5321: a 64-character local part, 254 in all). */
export const emailMaxLength = 254;
// No white space, no @ but the one, and no control character (the token service refuses those in any field).
export const emailPattern = '^[^\\s@\\u0000-\\u001F\\u007F]{1,64}@[^\\s@\\u0000-\\u001F\\u007F]{1,253}$';

/** Ids carry their kind, so a log line or a support ticket says what it names. */
export const idPrefixes = { user: 'usr_', token: 'tok_' } as const;
export const idMaxLength = 64;
const idBody = `[A-Za-z0-9_-]{1,${idMaxLength - 4}}`;
export const userIdPattern = `^${idPrefixes.user}${idBody}$`;
export const tokenIdPattern = `^${idPrefixes.token}${idBody}$`;

const username = new RegExp(usernamePattern);
const email = new RegExp(emailPattern);

export const isUsername = (candidate: string): boolean => username.test(candidate);
export const isEmail = (candidate: string): boolean => candidate.length <= emailMaxLength && email.test(candidate);
