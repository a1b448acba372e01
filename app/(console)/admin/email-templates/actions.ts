"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getMailSettings } from "@/lib/mail/settings";
import { emailEventKeys } from "@/lib/mail/templates/events";
import { previewEmailTemplate } from "@/lib/mail/templates/preview";
import {
  emailTemplateInputSchema,
  resetEmailTemplate,
  saveEmailTemplate,
} from "@/lib/mail/templates/store";
import { action } from "@/lib/safe-action";
import { parseTicketRef } from "@/lib/tickets/ref";

const revalidate = (event: string) => {
  revalidatePath("/admin/email-templates");
  revalidatePath(`/admin/email-templates/${event}`);
};

export const saveEmailTemplateAction = action(
  { permission: "admin.access", schema: emailTemplateInputSchema },
  async (input, { actor, db }) => {
    const saved = await saveEmailTemplate(db, { actor, ...input });
    revalidate(input.event);
    return { subject: saved.subject, body: saved.body };
  },
);

export const resetEmailTemplateAction = action(
  { permission: "admin.access", schema: z.object({ event: z.enum(emailEventKeys) }) },
  async ({ event }, { actor, db }) => {
    const template = await resetEmailTemplate(db, { actor, event });
    revalidate(event);
    return { subject: template.subject, body: template.body };
  },
);

export const previewEmailTemplateAction = action(
  {
    permission: "admin.access",
    schema: emailTemplateInputSchema.extend({
      ticket: z
        .string()
        .trim()
        .max(30)
        .transform((ref, ctx) => {
          if (ref === "") return null;
          const number = parseTicketRef(ref);
          if (!number) {
            ctx.addIssue({ code: "custom", message: "Enter a ticket number such as TKT-042." });
            return z.NEVER;
          }
          return number;
        }),
    }),
  },
  async ({ event, subject, body, ticket }, { actor, db }) =>
    previewEmailTemplate(db, {
      actor,
      event,
      subject,
      body,
      ticketNumber: ticket,
      mail: getMailSettings(),
    }),
);
