/** JSON answers shared by the attachment routes: `{ error: { code, message } }` with the right status. */
import "server-only";
import { httpStatusFor, isDomainError, type DomainErrorCode } from "@/lib/errors";

export function errorResponse(
  code: DomainErrorCode | "INTERNAL",
  message: string,
  status: number = code === "INTERNAL" ? 500 : httpStatusFor[code],
): Response {
  return Response.json({ error: { code, message } }, { status, headers: noStore });
}

export function unauthorized(): Response {
  return errorResponse("UNAUTHORIZED", "Sign in to continue.");
}

/** Expected failures keep their code and message; anything else is logged and kept vague. */
export function responseForError(error: unknown, context: string): Response {
  if (isDomainError(error)) return errorResponse(error.code, error.message);
  console.error(`[attachments] ${context} failed`, error);
  return errorResponse("INTERNAL", "Something went wrong. Try again in a moment.");
}

const noStore = { "Cache-Control": "no-store" };
