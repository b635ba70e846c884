/**
 * Refusals of the domain, one class per kind, mapped once to transport codes by each shell
 * (validation -> 400 / INVALID_ARGUMENT, not found -> 404 / NOT_FOUND, illegal state -> 409 / FAILED_PRECONDITION,
 * unauthenticated -> 401 / UNAUTHENTICATED,
 * not permitted -> 403 / PERMISSION_DENIED). The message is safe to show a caller: it never holds a credential.
 */
export class DomainError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export class ValidationError extends DomainError {}
export class NotFoundError extends DomainError {}
export class IllegalStateError extends DomainError {}
export class AuthenticationError extends DomainError {}
export class PermissionError extends DomainError {}
