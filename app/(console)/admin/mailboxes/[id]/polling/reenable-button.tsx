"use client";

/** Switches polling back on after five failures in a row disabled it (the counter restarts). */
import { useRouter } from "next/navigation";
import { ActionMessage, useAdminAction } from "@/components/admin/action-form";
import { Button } from "@/components/ui/button";
import { reenableMailboxPollingAction } from "./actions";

export function ReenableButton({ mailboxId }: { mailboxId: number }) {
  const router = useRouter();
  const reenable = useAdminAction(reenableMailboxPollingAction);
  return (
    <div className="flex flex-col items-end gap-2">
      <Button
        type="button"
        disabled={reenable.isPending}
        onClick={() => reenable.run({ mailboxId }, () => router.refresh())}
      >
        {reenable.isPending ? "Re-enabling…" : "Re-enable polling"}
      </Button>
      <ActionMessage result={reenable.result} />
    </div>
  );
}
