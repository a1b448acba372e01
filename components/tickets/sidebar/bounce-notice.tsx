"use client";

/**
 * On the requester card when mail to the requester hard-bounced: automatic mail to them is skipped
 * until an agent clears the flag (for example after the customer fixed their mailbox).
 */
import { useState, useTransition } from "react";
import { clearBounceAction } from "@/app/(console)/tickets/[ref]/bounce-actions";
import { Button } from "@/components/ui/button";

export function BounceNotice({
  ticketNumber,
  reason,
  isReadOnly,
}: {
  ticketNumber: number;
  reason: string | null;
  isReadOnly: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const clear = () =>
    startTransition(async () => {
      const result = await clearBounceAction({ number: ticketNumber });
      setError(result.ok ? null : result.error);
    });
  return (
    <div
      role="status"
      className="flex flex-col gap-2 rounded-md border border-amber-500/40 bg-amber-500/10 p-3"
    >
      <p className="font-medium">Mail to this address bounced</p>
      <p className="text-xs text-muted-foreground">
        Automatic mail (acknowledgements, notifications) is not sent to it.
        {reason ? ` Reason: ${reason}` : ""}
      </p>
      {isReadOnly ? null : (
        <div>
          <Button size="sm" variant="outline" disabled={isPending} onClick={clear}>
            {isPending ? "Clearing…" : "Clear"}
          </Button>
        </div>
      )}
      {error ? (
        <p role="alert" className="text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
