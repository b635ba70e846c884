import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

/**
 * A method's arguments as Frappe gathers them (its `form_dict`): a JSON body alone, or else the query string with a
 * form body's fields over it. Text that is a JSON string literal (`user="admin"`, the form Frappe's guide writes) is
 * read as that string; no username can be one, as none holds a double quote.
 */
export function frappeArguments(request: FastifyRequest): Record<string, unknown> {
  const body = isRecord(request.body) ? request.body : {};
  if (isJson(request.headers['content-type'])) return body;
  const texts = { ...(request.query as Record<string, unknown>), ...body };
  return Object.fromEntries(Object.entries(texts).map(([name, value]) => [name, typeof value === 'string' ? unquoted(value) : value]));
}

function unquoted(text: string): string {
  if (!text.startsWith('"')) return text;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : text;
  } catch {
    return text;
  }
}

const isJson = (contentType: string | undefined) => /^application\/json\b/i.test(contentType?.trim() ?? '');
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The Python exceptions Frappe names in `exc_type`; each answers the status Frappe gives it. */
export type FrappeException = 'AuthenticationError' | 'PermissionError' | 'DoesNotExistError' | 'ValidationError' | 'TooManyRequestsError' | 'TypeError';

/**
 * Frappe's refusal body (`frappe.utils.response.report_error`), with Tessera's `{code, message}` beside it:
 * `exc_type` is what Frappe's clients branch on, `_server_messages` what its desk shows, and `exc` is what
 * Frappe's Python client raises on. Where Frappe sends a traceback there, this sends only its last line: the
 * exception and its message, nothing of the gateway's inside.
 */
export const FrappeRefusal = Type.Object(
  {
    exc_type: Type.String({ description: "Frappe's exception class: AuthenticationError, PermissionError, DoesNotExistError, ValidationError, ..." }),
    exception: Type.String({ description: 'The exception and its message, as the last line of a Python traceback' }),
    exc: Type.String({ description: 'A JSON list holding that line, where Frappe puts the traceback' }),
    _server_messages: Type.String({ description: 'A JSON list of JSON objects {message, title, indicator, raise_exception}' }),
    code: Type.String({ description: "Tessera's error code" }),
    message: Type.String({ description: "Tessera's message" }),
  },
  { description: "Frappe's error shape" },
);

export function frappeRefusal(exception: FrappeException, refusal: { code: string; message: string }) {
  // Python's own exceptions carry no module in a traceback; Frappe's are frappe.exceptions.*.
  const qualified = exception === 'TypeError' ? exception : `frappe.exceptions.${exception}`;
  const line = `${qualified}: ${refusal.message}`;
  const shown = { message: refusal.message, title: 'Message', indicator: 'red', raise_exception: 1 };
  return { exc_type: exception, exception: line, exc: JSON.stringify([line]), _server_messages: JSON.stringify([JSON.stringify(shown)]), ...refusal };
}

// Frappe answers invalid input 417 (ValidationError); Tessera's 400s become that.
const exceptionByStatus = new Map<number, { exception: FrappeException; status: number }>([
  [400, { exception: 'ValidationError', status: 417 }],
  [401, { exception: 'AuthenticationError', status: 401 }],
  [403, { exception: 'PermissionError', status: 403 }],
  [404, { exception: 'DoesNotExistError', status: 404 }],
  [417, { exception: 'ValidationError', status: 417 }],
  [429, { exception: 'TooManyRequestsError', status: 429 }],
]);

/** The statuses a Frappe route answers in Frappe's shape, for its schema. */
export const frappeRefusalResponses = { 401: FrappeRefusal, 403: FrappeRefusal, 404: FrappeRefusal, 417: FrappeRefusal, 429: FrappeRefusal };

/**
 * A preSerialization hook: a refusal in Tessera's shape (from authentication, validation or the token service)
 * leaves in Frappe's. Others (the token service away, a body too large) keep Tessera's shape and status.
 */
export async function asFrappeRefusal(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const answer = exceptionByStatus.get(reply.statusCode);
  if (!answer || !isTesseraRefusal(payload)) return payload;
  reply.code(answer.status);
  return frappeRefusal(answer.exception, payload);
}

const isTesseraRefusal = (payload: unknown): payload is { code: string; message: string } =>
  isRecord(payload) && !('exc_type' in payload) && typeof payload['code'] === 'string' && typeof payload['message'] === 'string';
