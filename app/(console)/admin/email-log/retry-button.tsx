"use client";

/** Retry of one failed or rejected inbound message; the outcome replaces the row on refresh. */
import { Button } from "@/components/ui/button";
import { useAdminAction } from "@/components/admin/action-form";
import { retryInboundEmailAction } from "./actions";

export function RetryButton({ id }: { id: number }) {
  const { run, isPending, result } = useAdminAction(retryInboundEmailAction);
  const message = !result
    ? null
    : !result.ok
      ? result.error
      : result.data.outcome === "failed"
        ? `Failed again: ${result.data.error ?? "unknown error"}`
        : `Done: ${result.data.outcome}`;
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        type="button"
        size="sm"
        variant="outline"
        disabled={isPending}
        onClick={() => run({ id })}
        aria-label={`Retry email ${id}`}
      >
        {isPending ? "Retrying…" : "Retry"}
      </Button>
      {message ? (
        <p role="status" className="max-w-48 text-right text-xs text-muted-foreground">
          {message}
        </p>
      ) : null}
    </div>
  );
}
