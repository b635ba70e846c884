/**
 * Which user a login names: a username in any case, or else an email address in any case (QFieldCloud accepts
 * either in one field). A username match wins, so nobody can take over a login by registering it as an email;
 * an email shared by several users names none of them.
 */
export function userForLogin<User extends { username: string; email: string }>(candidates: readonly User[], login: string): User | undefined {
  const wanted = login.toLowerCase();
  const byUsername = candidates.find((user) => user.username.toLowerCase() === wanted);
  if (byUsername) return byUsername;
  const byEmail = candidates.filter((user) => user.email.toLowerCase() === wanted);
  return byEmail.length === 1 ? byEmail[0] : undefined;
}
