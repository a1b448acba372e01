"use client";

/**
 * Shown to admins on a deleted ticket (agents get a 404): when it was deleted, when it will be
 * purged for good, and a Restore button (restoreTicketsAction).
 */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { restoreTicketsAction } from "@/app/(console)/tickets/bulk-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export function DeletedBanner({
  ticketId,
  deletedAt,
  purgeAt,
}: {
  ticketId: number;
  deletedAt: string;
  purgeAt: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const restore = () =>
    startTransition(async () => {
      const result = await restoreTicketsAction({ ids: [ticketId] });
      if (!result.ok) setError(result.error);
      else router.refresh();
    });
  return (
    <Alert className="flex flex-wrap items-center justify-between gap-3">
      <span>
        This ticket was deleted on {deletedAt.slice(0, 10)}. It is hidden from agents and will be
        purged for good on {purgeAt.slice(0, 10)} unless restored.
        {error ? <span className="ml-2 font-medium">{error}</span> : null}
      </span>
      <Button type="button" size="sm" variant="outline" disabled={isPending} onClick={restore}>
        {isPending ? "Restoring…" : "Restore"}
      </Button>
    </Alert>
  );
}
