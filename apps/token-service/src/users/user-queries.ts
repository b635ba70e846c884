import { userForLogin } from '@tessera/domain';
import type { Pool } from '@tessera/postgres';

export interface UserProfile {
  id: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  roles: string[];
  active: boolean;
}

const profileColumns = 'user_id as id, username, email, first_name, last_name, roles, active';

export async function findUser(pool: Pool, userId: string): Promise<UserProfile | undefined> {
  const { rows } = await pool.query<UserProfile>(`select ${profileColumns} from users where user_id = $1`, [userId]);
  return rows[0];
}

/** By username (any case) or email, the way a login names a user, or else by id: Frappe's clients name users all ways. */
export async function findUserByName(pool: Pool, name: string): Promise<UserProfile | undefined> {
  const { rows } = await pool.query<UserProfile>(
    `select ${profileColumns} from users where user_id = $1 or lower(username) = lower($1) or lower(email) = lower($1)`,
    [name],
  );
  return userForLogin(rows, name) ?? rows.find((user) => user.id === name);
}

export async function usernameOrEmailTaken(pool: Pool, username: string, email: string): Promise<'username' | 'email' | undefined> {
  const { rows } = await pool.query<{ username_taken: boolean; email_taken: boolean }>(
    `select bool_or(lower(username) = lower($1)) as username_taken, bool_or(lower(email) = lower($2)) as email_taken
     from users where lower(username) = lower($1) or lower(email) = lower($2)`,
    [username, email],
  );
  if (rows[0]?.username_taken) return 'username';
  if (rows[0]?.email_taken) return 'email';
  return undefined;
}
