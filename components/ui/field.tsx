/** A labelled form row: label, one control, and the field's error under it (id `<id>-error`). */
import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";

/** Field errors as a server action answers them (zod's flattened field errors). */
export type FieldErrors = Record<string, string[] | undefined>;

export function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
