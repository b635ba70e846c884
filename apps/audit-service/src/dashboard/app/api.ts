import type { Failure } from './format.ts';

export class ApiError extends Error implements Failure {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A thrown value as an ApiError: itself, or (a bug, an answer the page cannot read) its message, with status -1. */
export const failureOf = (error: unknown): ApiError => (error instanceof ApiError ? error : new ApiError(-1, 'error', error instanceof Error ? error.message : String(error)));

export const isAbort = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

/** The refusal a non-2xx answer carries, as the service's error body says it. */
export async function refusalOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const field = (name: string) => (body && typeof body === 'object' && name in body ? (body as Record<string, unknown>)[name] : undefined);
  const code = field('code');
  const message = field('message');
  return new ApiError(response.status, typeof code === 'string' ? code : 'error', typeof message === 'string' ? message : `HTTP ${response.status}`);
}

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
