"use client";

/**
 * What every admin form shares: running a server action in a transition, remembering its result,
 * and showing it — field messages under their inputs (aria-invalid, aria-describedby), anything else
 * in an alert, and a success note.
 */
import { useCallback, useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Label } from "@/components/ui/label";
import type { ActionError, ActionResult } from "@/lib/safe-action";
import { cn } from "@/lib/utils";

export type FieldErrors = Record<string, string[] | undefined>;

const unreachable: ActionError = {
  ok: false,
  code: "INTERNAL",
  error: "The server could not be reached. Check your connection and try again.",
};

export function useAdminAction<TInput, TData>(
  act: (input: TInput) => Promise<ActionResult<TData>>,
) {
  const [isPending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<TData> | null>(null);

  const run = useCallback(
    (input: TInput, onSuccess?: (data: TData) => void, onStart?: () => void) => {
      startTransition(async () => {
        // Inside the transition, so that an optimistic update made here lasts until it ends.
        onStart?.();
        let outcome: ActionResult<TData>;
        try {
          outcome = await act(input);
        } catch {
          outcome = unreachable;
        }
        setResult(outcome);
        if (outcome.ok) onSuccess?.(outcome.data);
      });
    },
    [act],
  );

  const failure = result && !result.ok ? result : null;
  return {
    run,
    isPending,
    result,
    failure,
    fieldErrors: (failure?.fieldErrors ?? {}) as FieldErrors,
    reset: useCallback(() => setResult(null), []),
  };
}

type ControlProps = {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
};

/** A label, one control (rendered by `children` with the right ids), a hint and the field's error. */
export function FormField({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string[];
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const message = error?.[0];
  const describedBy = [hint ? `${id}-hint` : null, message ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children({
        id,
        "aria-invalid": message ? true : undefined,
        "aria-describedby": describedBy || undefined,
      })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {message}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The form-level outcome. A failure is shown here unless every message already sits under one of
 * the form's own `fields`; success shows `success` (when given).
 */
export function ActionMessage({
  result,
  fields = [],
  success,
}: {
  result: ActionResult<unknown> | null;
  fields?: readonly string[];
  success?: ReactNode;
}) {
  if (!result) return null;
  if (result.ok) return success ? <Alert tone="info">{success}</Alert> : null;
  const keys = Object.entries(result.fieldErrors ?? {})
    .filter(([, messages]) => messages && messages.length > 0)
    .map(([key]) => key);
  const allShownAtFields = keys.length > 0 && keys.every((key) => fields.includes(key));
  if (allShownAtFields) return null;
  return <Alert>{result.error}</Alert>;
}
