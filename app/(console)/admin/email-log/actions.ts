"use server";

/** Server action of the Email log: run a failed or rejected message through processing again. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { outboundEmailQueuedEvent } from "@/inngest/events";
import { getAttachmentStorage } from "@/lib/attachments/app-storage";
import { dispatchEvents } from "@/lib/events/dispatch";
import { retryInboundEmail } from "@/lib/mail/inbound/queries";
import { getMailSettings } from "@/lib/mail/settings";
import { action } from "@/lib/safe-action";

export const retryInboundEmailAction = action(
  { permission: "admin.access", schema: z.object({ id: z.number().int().positive() }) },
  async (input, { actor, db }) => {
    const result = await retryInboundEmail(db, getAttachmentStorage(), {
      actor,
      id: input.id,
      mail: getMailSettings(),
    });
    if ("outboundEmailIds" in result && result.outboundEmailIds.length > 0) {
      await dispatchEvents(result.outboundEmailIds.map(outboundEmailQueuedEvent), { db });
    }
    revalidatePath("/admin/email-log");
    revalidatePath(`/admin/email-log/${input.id}`);
    return {
      outcome: result.outcome,
      error: result.outcome === "failed" ? result.error : null,
    };
  },
);
