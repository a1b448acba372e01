/**
 * The REST API's wire format for failures: every error is `{ "error": { code, message, details? } }`
 * with a lower snake case code, and `details` maps the API's own field or parameter names to messages.
 * Domain errors are translated here (codes, statuses, and the domain's camelCase field names).
 */
import "server-only";
import { z } from "zod";
import { httpStatusFor, type DomainError, type DomainErrorCode } from "@/lib/errors";

export type ApiErrorDetails = Record<string, string[]>;
export type ApiErrorBody = { error: { code: string; message: string; details?: ApiErrorDetails } };

/** An expected failure raised by the API layer itself (bad header, body or parameter). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ApiErrorDetails,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const apiErrorCodes: Record<DomainErrorCode, string> = {
  UNAUTHORIZED: "unauthorized",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not_found",
  INVALID: "validation_failed",
  CONFLICT: "conflict",
  RATE_LIMITED: "rate_limited",
  TOO_LARGE: "payload_too_large",
};

export const noStoreHeaders = { "Cache-Control": "no-store" } as const;

export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return Response.json(body, {
    status: init.status ?? 200,
    headers: { ...noStoreHeaders, ...init.headers },
  });
}

export function errorResponse(error: ApiError): Response {
  const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details && Object.keys(error.details).length > 0) body.error.details = error.details;
  return jsonResponse(body, { status: error.status, headers: error.headers });
}

/** Domain field names that the API spells differently (it names things, not ids). */
const fieldRenames: Record<string, string> = {
  categoryId: "category",
  assigneeId: "assignee",
  teamId: "team",
  attachmentIds: "attachments",
  userId: "user",
};

export function apiFieldName(field: string): string {
  return fieldRenames[field] ?? field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function fromDomainError(error: DomainError): ApiError {
  const details = error.details
    ? Object.fromEntries(
        Object.entries(error.details).map(([field, messages]) => [apiFieldName(field), messages]),
      )
    : undefined;
  return new ApiError(
    httpStatusFor[error.code],
    apiErrorCodes[error.code],
    error.message,
    details,
    error.code === "UNAUTHORIZED" ? { "WWW-Authenticate": "Bearer" } : undefined,
  );
}

/** Field errors keyed by the dotted path of each issue (`requester.email`, `tags.2`). */
export function detailsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  root = "body",
): ApiErrorDetails {
  const details: ApiErrorDetails = {};
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      // One entry per unknown key, so that a typo is named where the client will look for it.
      for (const key of issue.keys)
        (details[[...path, key].join(".")] ??= []).push("Unknown field.");
      continue;
    }
    const key = path.length > 0 ? path.join(".") : root;
    (details[key] ??= []).push(issue.message);
  }
  return details;
}

export function validationError(issues: readonly z.core.$ZodIssue[], root = "body"): ApiError {
  const details = detailsFromIssues(issues, root);
  const [field, messages] = Object.entries(details)[0] ?? [root, ["is invalid"]];
  return new ApiError(422, "validation_failed", `${field}: ${messages[0]}`, details);
}

export function invalidParameter(name: string, message: string): ApiError {
  return new ApiError(422, "validation_failed", `${name}: ${message}`, { [name]: [message] });
}

export function notFound(message = "Ticket not found."): ApiError {
  return new ApiError(404, "not_found", message);
}
