// A browser app's view of the services' error body ({code, message}); imported by the pages' bundles through
// `@tessera/http/api-refusal`, which pulls in nothing of the server (no Fastify, no Node modules).

/** What the API answered: status 0 when nothing answered (the network failed), -1 when the answer made no sense. */
export interface Failure {
  status: number;
  code: string;
  message: string;
}

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

/** The refusal a non-2xx answer carries, as the service's error body says it. */
export async function refusalOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const field = (name: string) => (body && typeof body === 'object' && name in body ? (body as Record<string, unknown>)[name] : undefined);
  const code = field('code');
  const message = field('message');
  return new ApiError(response.status, typeof code === 'string' ? code : 'error', typeof message === 'string' ? message : `HTTP ${response.status}`);
}
