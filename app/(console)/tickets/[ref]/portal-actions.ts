"use server";

/** The requester card's "Revoke portal links": every link and portal session of the requester ends. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokePortalLinks } from "@/lib/portal/access";
import { action } from "@/lib/safe-action";
import { formatTicketNumber } from "@/lib/tickets/ref";

export const revokePortalLinksAction = action(
  { permission: "tickets.work", schema: z.object({ number: z.number().int().positive() }) },
  async ({ number }, { actor, db }) => {
    await revokePortalLinks(db, { actor, ticketNumber: number });
    revalidatePath(`/tickets/${formatTicketNumber(number)}`);
    return null;
  },
);
