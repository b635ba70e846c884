import { ApiError, refusalOf } from '@tessera/http/api-refusal';

export { ApiError, failureOf, refusalOf } from '@tessera/http/api-refusal';

export const isAbort = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

export const authorization = (credential: string) => `Token ${credential}`;

/**
 * A query API answer, typed by the caller with the route's response schema (the server's own, imported as a type).
 * Throws ApiError for a refusal, status 0 when nothing answered.
 */
export async function request<T>(credential: string, path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: authorization(credential), accept: 'application/json' }, cache: 'no-store', signal: signal ?? null });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'unreachable', 'network error');
  }
  if (!response.ok) throw await refusalOf(response);
  return (await response.json()) as T;
}

/** What a user pastes: a token, `key:secret`, or by habit a whole `Token …` header value. */
export const normalizeCredential = (value: string) => value.trim().replace(/^(token|bearer)\s+/i, '');
