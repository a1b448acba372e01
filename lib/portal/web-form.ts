/**
 * The public web form of a mailbox (/support/<slug>): anyone may open a ticket there, so it is
 * guarded without outside services — a honeypot field people never see (a filled one is dropped
 * silently, as if accepted), a signed "form shown at" stamp (a submission faster than a person can
 * type, or with a forged stamp, is refused) and a per-client-address rate limit. An accepted request
 * becomes a ticket through createTicket (channel Web; routing rules, then the mailbox's defaults), its files become
 * attachments of the first message under the usual rules, and the acknowledgement with the portal
 * link is queued — all in one transaction.
 */
import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { categories, contacts, mailboxes, type Mailbox } from "@/db/schema";
import { claimAttachments } from "@/lib/attachments/claim-attachments";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { uploadAttachment } from "@/lib/attachments/upload-attachment";
import type { RequesterActor } from "@/lib/auth/permissions";
import { contactEmailSchema } from "@/lib/contacts/contacts";
import { DomainError } from "@/lib/errors";
import { enqueueAcknowledgement } from "@/lib/mail/acknowledgement";
import type { MailSettings } from "@/lib/mail/settings";
import {
  emailBucket,
  hitRateLimits,
  ipBucket,
  type RateLimitRule,
} from "@/lib/rate-limit/db-window";
import { systemActor } from "@/lib/tickets/actor";
import { createTicket } from "@/lib/tickets/create-ticket";
import { safeBranding, type PortalBranding } from "./branding";
import { checkFormStamp } from "./form-stamp";

const HOUR_MS = 60 * 60 * 1000;
export const WEB_FORM_SUBMISSIONS_PER_IP = 10;
export const WEB_FORM_SUBMISSIONS_PER_ADDRESS = 10;
export const WEB_FORM_MAX_FILES = 5;

export const webFormSchema = z.object({
  name: z.string().trim().min(1, { error: "Enter your name." }).max(200),
  email: contactEmailSchema,
  subject: z.string().trim().min(1, { error: "Enter a subject." }).max(300),
  description: z
    .string()
    .trim()
    .min(1, { error: "Describe your request." })
    .max(50_000, { error: "The description is too long." }),
  categoryId: z.coerce.number().int().positive().nullable().optional(),
  /** The honeypot: hidden from people, filled in by bots. */
  website: z.string().max(1000).default(""),
  /** The signed time the form was shown (form-stamp.ts). */
  stamp: z.string().max(200).default(""),
});
export type WebFormInput = z.input<typeof webFormSchema>;

export type WebFormFile = { filename: string; contentType: string | null; data: Uint8Array };

export type WebFormPage = {
  slug: string;
  branding: PortalBranding;
  categories: { id: number; name: string }[];
};

async function findFormMailbox(db: Database, slug: string): Promise<Mailbox | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,99}$/i.test(slug)) return null;
  const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.slug, slug));
  return mailbox?.webFormEnabled ? mailbox : null;
}

/** What the form page shows; null when there is no such form (or it is switched off). */
export async function getWebForm(db: Database, slug: string): Promise<WebFormPage | null> {
  const mailbox = await findFormMailbox(db, slug);
  if (!mailbox) return null;
  const choices = mailbox.webFormCategoryChoice
    ? await db
        .select({ id: categories.id, name: categories.name })
        .from(categories)
        .where(eq(categories.isActive, true))
        .orderBy(asc(categories.position), asc(categories.name))
    : [];
  return { slug: mailbox.slug, branding: safeBranding(mailbox), categories: choices };
}

export type WebFormOutcome =
  | { status: "created"; ticketNumber: number; outboundEmailIds: number[] }
  /** The honeypot was filled: nothing was stored, but the sender is told it worked. */
  | { status: "discarded" };

export async function submitWebForm(
  db: Database,
  storage: AttachmentStorage,
  input: {
    slug: string;
    form: WebFormInput;
    files: WebFormFile[];
    ip: string | null;
    mail: MailSettings;
    formStampKey: Buffer;
    allowedTypes: readonly string[];
    now?: Date;
  },
): Promise<WebFormOutcome> {
  const now = input.now ?? new Date();
  const mailbox = await findFormMailbox(db, input.slug);
  if (!mailbox) throw new DomainError("NOT_FOUND", "There is no such form.");

  const parsed = webFormSchema.safeParse(input.form);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues[0]?.message ?? "Check the highlighted fields.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  const data = parsed.data;

  const rules: RateLimitRule[] = [
    {
      bucket: emailBucket("web-form", data.email),
      limit: WEB_FORM_SUBMISSIONS_PER_ADDRESS,
      windowMs: HOUR_MS,
    },
  ];
  if (input.ip) {
    rules.push({
      bucket: ipBucket("web-form", input.ip),
      limit: WEB_FORM_SUBMISSIONS_PER_IP,
      windowMs: HOUR_MS,
    });
  }
  if (data.website.trim() !== "") {
    // Counted all the same, so a bot hammering the form runs into the limit too.
    await hitRateLimits(db, rules, now);
    return { status: "discarded" };
  }
  const stamp = checkFormStamp(input.formStampKey, data.stamp, now);
  if (stamp === "too-fast") {
    throw new DomainError(
      "INVALID",
      "That was very quick. Please check your request and send it again.",
    );
  }
  if (stamp !== "ok") {
    throw new DomainError(
      "INVALID",
      "The form has expired. Please reload the page and send it again.",
    );
  }
  if (input.files.length > WEB_FORM_MAX_FILES) {
    throw new DomainError("INVALID", `Attach at most ${WEB_FORM_MAX_FILES} files.`);
  }
  const verdict = await hitRateLimits(db, rules, now);
  if (!verdict.allowed) {
    throw new DomainError("RATE_LIMITED", "Too many requests from here. Please try again later.");
  }

  // Unset fields are routed by createTicket (routing rules, then the mailbox's defaults).
  let categoryId: number | undefined;
  if (mailbox.webFormCategoryChoice && data.categoryId) {
    const [chosen] = await db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.id, data.categoryId), eq(categories.isActive, true)));
    if (!chosen) {
      throw new DomainError("INVALID", "Choose one of the listed categories.", {
        categoryId: ["Choose one of the listed categories."],
      });
    }
    categoryId = chosen.id;
  }

  return db.transaction(async (tx) => {
    const created = await createTicket(tx, {
      actor: systemActor("Web form"),
      mail: input.mail,
      subject: data.subject,
      body: data.description,
      requester: { email: data.email, name: data.name },
      channel: "web",
      ...(categoryId !== undefined ? { categoryId } : {}),
      mailboxId: mailbox.id,
      now,
    });
    const { ticket, message } = created;
    if (input.ip) {
      await tx
        .update(contacts)
        .set({ lastSeenIp: input.ip })
        .where(eq(contacts.id, ticket.requesterId));
    }
    if (input.files.length > 0) {
      const requester: RequesterActor = {
        type: "requester",
        contactId: ticket.requesterId,
        email: data.email,
      };
      const ids: number[] = [];
      for (const file of input.files) {
        const uploaded = await uploadAttachment(tx, storage, {
          actor: requester,
          filename: file.filename,
          contentType: file.contentType,
          data: file.data,
          allowedTypes: input.allowedTypes,
        });
        ids.push(uploaded.id);
      }
      await claimAttachments(tx, {
        actor: requester,
        attachmentIds: ids,
        ticketId: ticket.id,
        messageId: message.id,
      });
    }
    const acknowledgement = await enqueueAcknowledgement(tx, { mail: input.mail, ticket, now });
    return {
      status: "created",
      ticketNumber: ticket.number,
      outboundEmailIds: [
        ...created.outboundEmailIds,
        ...(acknowledgement.sent ? [acknowledgement.outboundEmailId] : []),
      ],
    };
  });
}
