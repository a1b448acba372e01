/**
 * Shared plumbing of the admin domain functions: zod parsing into INVALID errors with field messages,
 * unique violations into CONFLICT.
 */
import "server-only";
import { z } from "zod";
import { isUniqueViolation } from "@/db/errors";
import { DomainError } from "@/lib/errors";

/** Parses `input` or throws INVALID naming every bad field (the first message doubles as summary). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
  const first = parsed.error.issues[0];
  throw new DomainError(
    "INVALID",
    first?.message ?? "Check the highlighted fields.",
    Object.keys(fieldErrors).length > 0 ? fieldErrors : undefined,
  );
}

/** Runs `work`, turning a unique violation into CONFLICT with `message` (on `field` when given). */
export async function mapUniqueViolation<T>(
  work: () => Promise<T>,
  message: string,
  field?: string,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("CONFLICT", message, field ? { [field]: [message] } : undefined);
    }
    throw error;
  }
}

// Ids come from the console, never typed by a person: a bad one is a stale page or a bug.
export const idSchema = z.number({ error: "Missing or invalid id." }).int().positive();
