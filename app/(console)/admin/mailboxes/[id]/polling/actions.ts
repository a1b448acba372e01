"use server";

import { revalidatePath } from "next/cache";
import {
  mailboxIdInputSchema,
  mailboxPollingSettingsSchema,
  reenableMailboxPolling,
  testMailboxConnection,
  updateMailboxPolling,
} from "@/lib/admin/mailbox-polling";
import { getEnv } from "@/lib/env";
import { action } from "@/lib/safe-action";

function revalidatePolling(mailboxId: number) {
  revalidatePath(`/admin/mailboxes/${mailboxId}/polling`);
  revalidatePath(`/admin/mailboxes/${mailboxId}`);
  revalidatePath("/admin/mailboxes");
}

export const saveMailboxPollingAction = action(
  { permission: "admin.access", schema: mailboxPollingSettingsSchema },
  async (input, { actor, db }) => {
    const view = await updateMailboxPolling(db, {
      actor,
      secretKey: getEnv().mailboxSecretKey,
      ...input,
    });
    revalidatePolling(view.mailbox.id);
    return { hasPassword: view.settings.hasPassword };
  },
);

export const testMailboxConnectionAction = action(
  { permission: "admin.access", schema: mailboxPollingSettingsSchema },
  async (input, { actor, db }) =>
    testMailboxConnection(db, { actor, secretKey: getEnv().mailboxSecretKey, ...input }),
);

export const reenableMailboxPollingAction = action(
  { permission: "admin.access", schema: mailboxIdInputSchema },
  async (input, { actor, db }) => {
    const view = await reenableMailboxPolling(db, { actor, mailboxId: input.mailboxId });
    revalidatePolling(view.mailbox.id);
    return null;
  },
);
