/**
 * The public conversation of a ticket as plain text, oldest first — replies both ways, each under
 * "— name, date"; never internal notes or system lines. The one builder behind every summary email:
 * "Resolve and send summary" (resolve-with-summary.ts) and auto-solve's summary (lib/timers/), per
 * ticket and for the batched timer sweep (one query for any number of tickets).
 */
import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contacts, messages, users } from "@/db/schema";
import { formatStoredDate } from "./history";

/** Each ticket's conversation text by ticket id (an empty string when it has no public reply). */
export async function publicConversationTexts(
  tx: Database,
  ticketIds: number[],
): Promise<Map<number, string>> {
  const texts = new Map<number, string>(ticketIds.map((id) => [id, ""]));
  if (ticketIds.length === 0) return texts;
  const rows = await tx
    .select({
      ticketId: messages.ticketId,
      bodyText: messages.bodyText,
      createdAt: messages.createdAt,
      agent: users.name,
      customer: contacts.name,
      customerEmail: contacts.email,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(contacts, eq(contacts.id, messages.authorContactId))
    .where(and(inArray(messages.ticketId, [...new Set(ticketIds)]), eq(messages.kind, "reply")))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  for (const row of rows) {
    const who = row.agent ?? (row.customer || row.customerEmail) ?? "Support";
    const part = `— ${who}, ${formatStoredDate(row.createdAt)}\n\n${row.bodyText.trim()}`;
    const before = texts.get(row.ticketId);
    texts.set(row.ticketId, before ? `${before}\n\n${part}` : part);
  }
  return texts;
}

export async function publicConversationText(tx: Database, ticketId: number): Promise<string> {
  return (await publicConversationTexts(tx, [ticketId])).get(ticketId) ?? "";
}
