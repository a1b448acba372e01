/**
 * Admin-editable email templates: read (stored row or the default from events.ts), save, reset.
 * Saving validates the template against a sample so that unknown masks are refused with their names
 * rather than reaching a customer as `#Sujbect#`.
 */
import "server-only";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { emailTemplates } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { emailEventKeys, emailEvents, type EmailEventKey } from "./events";
import { findUnknownMasks } from "./masks";
import { sampleMaskData } from "./sample";

export type EmailTemplate = {
  event: EmailEventKey;
  subject: string;
  body: string;
  isDefault: boolean;
  updatedAt: Date | null;
};

export async function getEmailTemplate(db: Database, event: EmailEventKey): Promise<EmailTemplate> {
  const [row] = await db.select().from(emailTemplates).where(eq(emailTemplates.eventKey, event));
  if (!row) return defaultTemplate(event);
  return {
    event,
    subject: row.subject,
    body: row.body,
    isDefault: false,
    updatedAt: row.updatedAt,
  };
}

/** The templates of several events in one query (the admin's where saved, else the default). */
export async function getEmailTemplates(
  db: Database,
  events: EmailEventKey[],
): Promise<Map<EmailEventKey, EmailTemplate>> {
  const found = new Map<EmailEventKey, EmailTemplate>();
  if (events.length === 0) return found;
  const rows = await db
    .select()
    .from(emailTemplates)
    .where(inArray(emailTemplates.eventKey, events));
  for (const event of events) found.set(event, defaultTemplate(event));
  for (const row of rows) {
    const event = row.eventKey as EmailEventKey;
    found.set(event, {
      event,
      subject: row.subject,
      body: row.body,
      isDefault: false,
      updatedAt: row.updatedAt,
    });
  }
  return found;
}

export function defaultTemplate(event: EmailEventKey): EmailTemplate {
  const { subject, body } = emailEvents[event];
  return { event, subject, body, isDefault: true, updatedAt: null };
}

export async function listEmailTemplates(db: Database, actor: Actor): Promise<EmailTemplate[]> {
  assertUserCan(actor, "admin.access");
  const rows = await db.select().from(emailTemplates);
  const byKey = new Map(rows.map((row) => [row.eventKey, row]));
  return emailEventKeys.map((event) => {
    const row = byKey.get(event);
    return row
      ? { event, subject: row.subject, body: row.body, isDefault: false, updatedAt: row.updatedAt }
      : defaultTemplate(event);
  });
}

export const emailTemplateInputSchema = z.object({
  event: z.enum(emailEventKeys, { error: "Unknown email event." }),
  subject: z.string().max(500, { error: "The subject is at most 500 characters." }),
  body: z.string().max(100_000, { error: "The body is at most 100,000 characters." }),
});
export type EmailTemplateInput = z.input<typeof emailTemplateInputSchema>;

/** Unknown masks in subject or body, by name: the editor shows them, saving refuses them. */
export function unknownMasksIn(input: { subject: string; body: string }): string[] {
  const data = sampleMaskData();
  const found = [...findUnknownMasks(input.subject, data), ...findUnknownMasks(input.body, data)];
  // Custom field ids are checked against real tickets, not the sample.
  return [...new Set(found)].filter((name) => !/^CF_\d+$/.test(name));
}

export async function saveEmailTemplate(
  db: Database,
  input: { actor: Actor; now?: Date } & EmailTemplateInput,
): Promise<EmailTemplate> {
  const actor = assertUserCan(input.actor, "admin.access");
  const parsed = emailTemplateInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError("INVALID", parsed.error.issues[0]?.message ?? "Invalid template.");
  }
  const { event, subject, body } = parsed.data;
  const unknown = unknownMasksIn({ subject, body });
  if (unknown.length > 0) {
    throw new DomainError(
      "INVALID",
      `Unknown ${unknown.length === 1 ? "mask" : "masks"}: ${unknown.map((m) => `#${m}#`).join(", ")}.`,
    );
  }
  const now = input.now ?? new Date();
  await db
    .insert(emailTemplates)
    .values({ eventKey: event, subject, body, updatedByUserId: actor.id, updatedAt: now })
    .onConflictDoUpdate({
      target: emailTemplates.eventKey,
      set: { subject, body, updatedByUserId: actor.id, updatedAt: now },
    });
  return { event, subject, body, isDefault: false, updatedAt: now };
}

export async function resetEmailTemplate(
  db: Database,
  input: { actor: Actor; event: EmailEventKey },
): Promise<EmailTemplate> {
  assertUserCan(input.actor, "admin.access");
  await db.delete(emailTemplates).where(eq(emailTemplates.eventKey, input.event));
  return defaultTemplate(input.event);
}
