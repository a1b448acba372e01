"use server";

import { revalidatePath } from "next/cache";
import {
  createMailbox,
  createMailboxSchema,
  deleteMailbox,
  deleteMailboxSchema,
  updateMailbox,
  updateMailboxSchema,
} from "@/lib/admin/mailboxes";
import { action } from "@/lib/safe-action";

function revalidateMailboxes(id?: number) {
  revalidatePath("/admin/mailboxes");
  if (id) revalidatePath(`/admin/mailboxes/${id}`);
  revalidatePath("/admin");
}

export const createMailboxAction = action(
  { permission: "admin.access", schema: createMailboxSchema },
  async (input, { actor, db }) => {
    const mailbox = await createMailbox(db, { actor, ...input });
    revalidateMailboxes();
    return { id: mailbox.id, name: mailbox.name };
  },
);

export const updateMailboxAction = action(
  { permission: "admin.access", schema: updateMailboxSchema },
  async (input, { actor, db }) => {
    const mailbox = await updateMailbox(db, { actor, ...input });
    revalidateMailboxes(mailbox.id);
    return { id: mailbox.id, name: mailbox.name };
  },
);

export const deleteMailboxAction = action(
  { permission: "admin.access", schema: deleteMailboxSchema },
  async (input, { actor, db }) => {
    const outcome = await deleteMailbox(db, { actor, ...input });
    revalidateMailboxes();
    return outcome;
  },
);
