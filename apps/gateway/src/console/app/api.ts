import { ApiError, refusalOf } from '@tessera/http/api-refusal';

/** The session as GET and POST /console/session answer it. */
export interface Session {
  user: { id: string; username: string; email: string; first_name: string; last_name: string; roles: string[] };
  csrf_token: string;
  expires_at: string;
}

// The session's CSRF token, kept in this page's memory only: every unsafe call sends it (ADR 12).
let csrfToken = '';
export const useSession = (session: Session | undefined) => {
  csrfToken = session?.csrf_token ?? '';
};

/**
 * A call to this origin's JSON API with the session cookie; unsafe methods carry X-CSRF-Token. Throws ApiError with
 * the API's code and message for a refusal, status 0 when nothing answered.
 */
export async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'unreachable', 'network error');
  }
  if (!response.ok) throw await refusalOf(response);
  return (await response.json()) as T;
}
