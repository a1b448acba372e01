"use client";

import { useRouter } from "next/navigation";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { deleteMailboxAction } from "../actions";

export function DeleteMailboxButton({ mailboxId, name }: { mailboxId: number; name: string }) {
  const router = useRouter();
  return (
    <ConfirmAction
      trigger="Delete mailbox"
      title={`Delete “${name}”?`}
      description="Its tickets and Email log entries stay (without a mailbox); routing rules limited to this mailbox are deleted. Mail to its address will go to the default mailbox."
      confirmLabel="Delete mailbox"
      pendingLabel="Deleting…"
      perform={() => deleteMailboxAction({ mailboxId })}
      onDone={() => router.push("/admin/mailboxes")}
    />
  );
}
