"use server";

/** Moving a message to another ticket, or splitting it into a new one (lib/tickets/move-message). */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/safe-action";
import { moveMessage, splitMessage } from "@/lib/tickets/move-message";
import { formatTicketNumber, parseTicketRef } from "@/lib/tickets/ref";

const messageIdSchema = z.number().int().positive();

function revalidateTickets(...numbers: number[]) {
  for (const number of numbers) revalidatePath(`/tickets/${formatTicketNumber(number)}`);
  revalidatePath("/tickets");
}

export const moveMessageAction = action(
  {
    permission: "tickets.work",
    schema: z.object({
      messageId: messageIdSchema,
      target: z
        .string()
        .trim()
        .transform((ref, ctx) => {
          const parsed = parseTicketRef(ref);
          if (!parsed) {
            ctx.addIssue({ code: "custom", message: "Enter a ticket number such as TKT-042." });
            return z.NEVER;
          }
          return parsed;
        }),
    }),
  },
  async ({ messageId, target }, { actor, db }) => {
    const moved = await moveMessage(db, { actor, messageId, targetNumber: target });
    revalidateTickets(moved.source.number, moved.target.number);
    return { target: formatTicketNumber(moved.target.number) };
  },
);

export const splitMessageAction = action(
  {
    permission: "tickets.work",
    schema: z.object({
      messageId: messageIdSchema,
      subject: z
        .string()
        .trim()
        .max(300, { error: "Keep the subject to 300 characters or fewer." }),
    }),
  },
  async ({ messageId, subject }, { actor, db }) => {
    const split = await splitMessage(db, { actor, messageId, subject: subject || undefined });
    revalidateTickets(split.source.number, split.ticket.number);
    return { ticket: formatTicketNumber(split.ticket.number) };
  },
);
