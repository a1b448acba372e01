/** Which of our mailboxes an inbound message was sent to. */
import "server-only";
import type { Database } from "@/db/client";
import { mailboxes, type Mailbox } from "@/db/schema";

/** `Support+token@Example.com` → `support@example.com`: the address a plus-tag was added to. */
export function baseAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at <= 0) return lower;
  const local = lower.slice(0, at).split("+")[0];
  return `${local}${lower.slice(at)}`;
}

/**
 * The envelope recipient decides when it names a mailbox; otherwise the first To/Cc/Delivered-To
 * address that does; otherwise the default mailbox (or none when there is no mailbox at all).
 */
export async function chooseMailbox(
  db: Database,
  input: { envelopeTo: string | null; recipients: string[] },
): Promise<Mailbox | null> {
  const all = await db.select().from(mailboxes);
  const byAddress = new Map(all.map((m) => [baseAddress(m.address), m]));
  for (const candidate of [input.envelopeTo, ...input.recipients]) {
    if (!candidate) continue;
    const found = byAddress.get(baseAddress(candidate));
    if (found) return found;
  }
  return all.find((m) => m.isDefault) ?? null;
}
