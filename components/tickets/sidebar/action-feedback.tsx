/** Inline error text for the sidebar's small forms. */
import type { ActionError } from "@/lib/safe-action";

export type FieldErrors = ActionError["fieldErrors"];

/** The first message for a field, if any. */
export function firstFieldError(errors: FieldErrors, field: string): string | undefined {
  return errors?.[field]?.[0];
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="text-sm text-destructive">
      {message}
    </p>
  );
}

export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-sm text-destructive">
      {message}
    </p>
  );
}
