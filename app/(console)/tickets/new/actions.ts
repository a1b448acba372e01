"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/safe-action";
import { createTicket, createTicketSchema } from "@/lib/tickets/create-ticket";
import { formatTicketNumber } from "@/lib/tickets/ref";

export const createTicketAction = action(
  { permission: "tickets.work", schema: createTicketSchema },
  async (input, { actor, db }) => {
    const { ticket } = await createTicket(db, { actor, ...input });
    revalidatePath("/tickets");
    return { ref: formatTicketNumber(ticket.number) };
  },
);
