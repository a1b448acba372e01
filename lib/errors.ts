/**
 * Expected failures of the domain. Adapters map the code to a form message, an HTTP status or a
 * non-retriable background error; anything that is not a DomainError is unexpected and is logged.
 */
export type DomainErrorCode =
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "INVALID"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "TOO_LARGE";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const httpStatusFor: Record<DomainErrorCode, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID: 422,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  TOO_LARGE: 413,
};

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
