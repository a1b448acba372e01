/**
 * Mailboxes as admins manage them: the support addresses mail arrives at, the defaults of the
 * tickets they open, their mail rules (acknowledgement, unknown senders, Cc as subscribers) and their
 * public web form and branding. Exactly one mailbox is the default (where mail to no known address
 * goes): the first one created is, choosing another moves the mark, and the default cannot be
 * deleted. Deleting any other mailbox keeps its tickets and Email log rows (they lose the link) and
 * removes the routing rules bound to it. IMAP polling settings live in lib/mail/inbound (their own
 * screen); this module never touches them.
 */
import "server-only";
import { and, asc, count, eq, isNotNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import {
  categories,
  inboundEmails,
  mailboxes,
  teamMembers,
  teams,
  ticketPriorities,
  tickets,
  users,
  type Mailbox,
  type TicketPriority,
} from "@/db/schema";
import { sniffImageType } from "@/lib/attachments/content-type";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { idSchema, mapUniqueViolation, parseInput } from "./input";

/** An uploaded logo is kept inline (a data: URL), so it is kept small. */
export const MAX_LOGO_BYTES = 200 * 1024;
/** SVG is refused: it can carry script, and the logo is shown on public pages. */
const LOGO_TYPES = ["image/png", "image/jpeg"] as const;

export const mailboxSlugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const optionalId = z
  .number({ error: "Choose an option." })
  .int()
  .positive({ error: "Choose an option." })
  .nullable()
  .default(null);

/** `https://…` (an image the browser fetches) or a small PNG/JPEG uploaded as a data: URL. */
const logoSchema = z
  .string()
  .trim()
  .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 100, {
    error: "The logo must be 200 KB or smaller.",
    abort: true,
  })
  .transform((value) => value || null)
  .superRefine((value, ctx) => {
    if (value === null) return;
    const problem = logoProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .nullable()
  .default(null);

function logoProblem(value: string): string | null {
  if (value.startsWith("data:")) {
    const match = /^data:(image\/[a-z+]+);base64,([A-Za-z0-9+/]+={0,2})$/.exec(value);
    if (!match) return "Upload the logo as a PNG or JPEG image.";
    const declared = match[1]!;
    if (!(LOGO_TYPES as readonly string[]).includes(declared)) {
      return "The logo must be a PNG or JPEG image (SVG is not allowed).";
    }
    const bytes = Buffer.from(match[2]!, "base64");
    if (bytes.byteLength > MAX_LOGO_BYTES) return "The logo must be 200 KB or smaller.";
    if (sniffImageType(bytes) !== declared) return "That file is not a valid PNG or JPEG image.";
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an https:// address of the logo, or upload an image.";
  }
  if (url.protocol !== "https:") return "The logo address must start with https://.";
  if (value.length > 2000) return "Keep the logo address to 2,000 characters or fewer.";
  return null;
}

const mailboxFieldsSchema = z.object({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, { error: "Enter a name." })
    .max(80, { error: "Keep the name to 80 characters or fewer." }),
  address: z
    .string({ error: "Enter the address." })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "Enter a valid email address, like support@example.com." }))
    .refine((address) => address.length <= 254, {
      error: "Keep the address to 254 characters or fewer.",
    })
    .refine((address) => !address.split("@")[0]!.includes("+"), {
      error: "The address cannot contain “+”: replies come back to address+token@ for threading.",
    }),
  isDefault: z.boolean().default(false),
  defaultTeamId: optionalId,
  defaultCategoryId: optionalId,
  defaultAssigneeId: optionalId,
  defaultPriority: z.enum(ticketPriorities, { error: "Choose a priority." }).default("medium"),
  acknowledgementEnabled: z.boolean().default(true),
  acknowledgementMessage: z
    .string()
    .trim()
    .max(5000, { error: "Keep the message to 5,000 characters or fewer." })
    .default(""),
  acceptUnknownSenders: z.boolean().default(true),
  addRecipientsAsSubscribers: z.boolean().default(false),
  slug: z
    .string({ error: "Enter the web form address." })
    .trim()
    .min(1, { error: "Enter the web form address.", abort: true })
    .max(60, { error: "Keep the web form address to 60 characters or fewer." })
    .regex(mailboxSlugPattern, {
      error: "Use lowercase letters, digits and single hyphens only (e.g. billing-help).",
    }),
  webFormEnabled: z.boolean().default(true),
  webFormCategoryChoice: z.boolean().default(true),
  brandColor: z
    .string()
    .trim()
    .transform((value) => value.toLowerCase() || null)
    .refine((value) => value === null || /^#[0-9a-f]{6}$/.test(value), {
      error: "Enter the colour as #rrggbb, e.g. #2563eb.",
    })
    .nullable()
    .default(null),
  brandLogoUrl: logoSchema,
});

export const createMailboxSchema = mailboxFieldsSchema;
export const updateMailboxSchema = mailboxFieldsSchema.extend({ mailboxId: idSchema });
export const deleteMailboxSchema = z.object({ mailboxId: idSchema });

export type CreateMailboxInput = z.input<typeof createMailboxSchema>;
export type UpdateMailboxInput = z.input<typeof updateMailboxSchema>;
export type DeleteMailboxInput = z.input<typeof deleteMailboxSchema>;
type MailboxFields = z.output<typeof mailboxFieldsSchema>;

/** Writers of the default mark and of addresses queue up behind this lock. */
async function lockMailboxes(tx: Database): Promise<void> {
  await tx.execute(sql`lock table ${mailboxes} in share row exclusive mode`);
}

async function assertFree(tx: Database, values: MailboxFields, exceptId?: number): Promise<void> {
  const others = exceptId === undefined ? undefined : ne(mailboxes.id, exceptId);
  const [address] = await tx
    .select({ name: mailboxes.name })
    .from(mailboxes)
    .where(and(eq(sql`lower(${mailboxes.address})`, values.address), others));
  if (address) {
    const message = `The mailbox “${address.name}” already uses ${values.address}.`;
    throw new DomainError("CONFLICT", message, { address: [message] });
  }
  const [slug] = await tx
    .select({ name: mailboxes.name })
    .from(mailboxes)
    .where(and(eq(mailboxes.slug, values.slug), others));
  if (slug) {
    const message = `The mailbox “${slug.name}” already uses the web form address “${values.slug}”.`;
    throw new DomainError("CONFLICT", message, { slug: [message] });
  }
}

async function assertReferences(tx: Database, values: MailboxFields): Promise<void> {
  if (values.defaultTeamId !== null) {
    const [team] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(eq(teams.id, values.defaultTeamId));
    if (!team) {
      throw new DomainError("INVALID", "That team does not exist.", {
        defaultTeamId: ["That team does not exist."],
      });
    }
  }
  if (values.defaultAssigneeId !== null) {
    // Someone who can take tickets, and — with a default team — one of that team: routing only
    // hands a ticket to the default assignee within the ticket's team.
    const [assignee] = await tx
      .select({ name: users.name, isActive: users.isActive, memberOf: teamMembers.teamId })
      .from(users)
      .leftJoin(
        teamMembers,
        and(eq(teamMembers.userId, users.id), eq(teamMembers.teamId, values.defaultTeamId ?? -1)),
      )
      .where(eq(users.id, values.defaultAssigneeId));
    const message = !assignee?.isActive
      ? "That person does not exist or is deactivated."
      : values.defaultTeamId !== null && assignee.memberOf === null
        ? `${assignee.name} is not in the default team: add them to it, or choose someone who is.`
        : null;
    if (message) throw new DomainError("INVALID", message, { defaultAssigneeId: [message] });
  }
  if (values.defaultCategoryId !== null) {
    const [category] = await tx
      .select({ isActive: categories.isActive })
      .from(categories)
      .where(eq(categories.id, values.defaultCategoryId));
    if (!category?.isActive) {
      const message = "That category does not exist or is inactive.";
      throw new DomainError("INVALID", message, { defaultCategoryId: [message] });
    }
  }
}

const conflict = "Another mailbox already uses that address or web form address.";

export async function createMailbox(
  db: Database,
  { actor, ...input }: { actor: Actor } & CreateMailboxInput,
): Promise<Mailbox> {
  assertUserCan(actor, "admin.access");
  const values = parseInput(createMailboxSchema, input);
  return mapUniqueViolation(
    () =>
      db.transaction(async (tx) => {
        await lockMailboxes(tx);
        await assertFree(tx, values);
        await assertReferences(tx, values);
        const [existing] = await tx.select({ n: count() }).from(mailboxes);
        // The first mailbox is the default whatever the form said: mail must go somewhere.
        const isDefault = values.isDefault || (existing?.n ?? 0) === 0;
        if (isDefault) {
          await tx.update(mailboxes).set({ isDefault: false }).where(eq(mailboxes.isDefault, true));
        }
        const [mailbox] = await tx
          .insert(mailboxes)
          .values({ ...values, isDefault })
          .returning();
        if (!mailbox) throw new Error("insert returned no row");
        return mailbox;
      }),
    conflict,
  );
}

export async function updateMailbox(
  db: Database,
  { actor, ...input }: { actor: Actor } & UpdateMailboxInput,
): Promise<Mailbox> {
  assertUserCan(actor, "admin.access");
  const { mailboxId, ...values } = parseInput(updateMailboxSchema, input);
  return mapUniqueViolation(
    () =>
      db.transaction(async (tx) => {
        await lockMailboxes(tx);
        const [current] = await tx.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
        if (!current) throw new DomainError("NOT_FOUND", "Mailbox not found.");
        if (current.isDefault && !values.isDefault) {
          const message =
            "One mailbox must be the default. Make another mailbox the default instead.";
          throw new DomainError("INVALID", message, { isDefault: [message] });
        }
        await assertFree(tx, values, mailboxId);
        // A category switched off, or an assignee deactivated, after becoming the default may
        // stay as it is (routing skips them); a new choice is checked.
        await assertReferences(tx, {
          ...values,
          defaultCategoryId:
            values.defaultCategoryId === current.defaultCategoryId
              ? null
              : values.defaultCategoryId,
          defaultAssigneeId:
            values.defaultAssigneeId === current.defaultAssigneeId &&
            values.defaultTeamId === current.defaultTeamId
              ? null
              : values.defaultAssigneeId,
        });
        if (values.isDefault && !current.isDefault) {
          await tx.update(mailboxes).set({ isDefault: false }).where(eq(mailboxes.isDefault, true));
        }
        const [mailbox] = await tx
          .update(mailboxes)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(mailboxes.id, mailboxId))
          .returning();
        if (!mailbox) throw new DomainError("NOT_FOUND", "Mailbox not found.");
        return mailbox;
      }),
    conflict,
  );
}

/** Deletes a mailbox other than the default; answers how many tickets lost the link. */
export async function deleteMailbox(
  db: Database,
  { actor, ...input }: { actor: Actor } & DeleteMailboxInput,
): Promise<{ ticketsKept: number }> {
  assertUserCan(actor, "admin.access");
  const { mailboxId } = parseInput(deleteMailboxSchema, input);
  return db.transaction(async (tx) => {
    await lockMailboxes(tx);
    const [mailbox] = await tx.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
    if (!mailbox) throw new DomainError("NOT_FOUND", "Mailbox not found.");
    if (mailbox.isDefault) {
      throw new DomainError(
        "CONFLICT",
        `“${mailbox.name}” is the default mailbox. Make another mailbox the default first.`,
      );
    }
    const [ticketCount] = await tx
      .select({ n: count() })
      .from(tickets)
      .where(eq(tickets.mailboxId, mailboxId));
    await tx.delete(mailboxes).where(eq(mailboxes.id, mailboxId));
    return { ticketsKept: ticketCount?.n ?? 0 };
  });
}

export type MailboxPollingStatus =
  | { state: "not_configured" }
  | { state: "off" }
  | { state: "ok"; lastPolledAt: Date | null }
  | { state: "failing"; failures: number; error: string | null }
  | { state: "disabled"; since: Date; error: string | null };

export function pollingStatusOf(
  mailbox: Pick<
    Mailbox,
    | "imapHost"
    | "pollingEnabled"
    | "pollDisabledAt"
    | "pollFailures"
    | "lastPollError"
    | "lastPolledAt"
  >,
): MailboxPollingStatus {
  if (!mailbox.imapHost) return { state: "not_configured" };
  if (mailbox.pollDisabledAt) {
    return { state: "disabled", since: mailbox.pollDisabledAt, error: mailbox.lastPollError };
  }
  if (!mailbox.pollingEnabled) return { state: "off" };
  if (mailbox.pollFailures > 0) {
    return { state: "failing", failures: mailbox.pollFailures, error: mailbox.lastPollError };
  }
  return { state: "ok", lastPolledAt: mailbox.lastPolledAt };
}

export type AdminMailboxRow = {
  id: number;
  name: string;
  address: string;
  isDefault: boolean;
  defaultTeam: string | null;
  defaultCategory: string | null;
  defaultPriority: TicketPriority;
  slug: string;
  webFormEnabled: boolean;
  tickets: number;
  polling: MailboxPollingStatus;
};

export async function listMailboxesForAdmin(
  db: Database,
  actor: Actor,
): Promise<AdminMailboxRow[]> {
  assertUserCan(actor, "admin.access");
  // One grouped count over tickets, not one per mailbox.
  const [rows, counts] = await Promise.all([
    db
      .select({ mailbox: mailboxes, defaultTeam: teams.name, defaultCategory: categories.name })
      .from(mailboxes)
      .leftJoin(teams, eq(teams.id, mailboxes.defaultTeamId))
      .leftJoin(categories, eq(categories.id, mailboxes.defaultCategoryId))
      .orderBy(asc(mailboxes.name), asc(mailboxes.id)),
    db
      .select({ mailboxId: tickets.mailboxId, n: count() })
      .from(tickets)
      .where(isNotNull(tickets.mailboxId))
      .groupBy(tickets.mailboxId),
  ]);
  const ticketCounts = new Map(counts.map((c) => [c.mailboxId, c.n]));
  return rows.map(({ mailbox, defaultTeam, defaultCategory }) => ({
    id: mailbox.id,
    name: mailbox.name,
    address: mailbox.address,
    isDefault: mailbox.isDefault,
    defaultTeam,
    defaultCategory,
    defaultPriority: mailbox.defaultPriority,
    slug: mailbox.slug,
    webFormEnabled: mailbox.webFormEnabled,
    tickets: ticketCounts.get(mailbox.id) ?? 0,
    polling: pollingStatusOf(mailbox),
  }));
}

/** The editable fields of one mailbox (no IMAP secrets), plus what the edit screen shows. */
export type AdminMailbox = MailboxFields & {
  id: number;
  defaultCategoryInactive: { id: number; name: string } | null;
  /** The default assignee when they were deactivated since: routing skips them until reactivated. */
  defaultAssigneeInactive: { id: number; name: string } | null;
  polling: MailboxPollingStatus;
  inboundCount: number;
};

export async function getMailboxForAdmin(
  db: Database,
  input: { actor: Actor; mailboxId: number },
): Promise<AdminMailbox | null> {
  assertUserCan(input.actor, "admin.access");
  const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, input.mailboxId));
  if (!mailbox) return null;
  const [category] = mailbox.defaultCategoryId
    ? await db
        .select({ id: categories.id, name: categories.name, isActive: categories.isActive })
        .from(categories)
        .where(eq(categories.id, mailbox.defaultCategoryId))
    : [];
  const [inbound] = await db
    .select({ n: count() })
    .from(inboundEmails)
    .where(eq(inboundEmails.mailboxId, mailbox.id));
  const [assignee] = mailbox.defaultAssigneeId
    ? await db
        .select({ id: users.id, name: users.name, isActive: users.isActive })
        .from(users)
        .where(eq(users.id, mailbox.defaultAssigneeId))
    : [];
  return {
    id: mailbox.id,
    name: mailbox.name,
    address: mailbox.address,
    isDefault: mailbox.isDefault,
    defaultTeamId: mailbox.defaultTeamId,
    defaultCategoryId: mailbox.defaultCategoryId,
    defaultAssigneeId: mailbox.defaultAssigneeId,
    defaultPriority: mailbox.defaultPriority,
    acknowledgementEnabled: mailbox.acknowledgementEnabled,
    acknowledgementMessage: mailbox.acknowledgementMessage,
    acceptUnknownSenders: mailbox.acceptUnknownSenders,
    addRecipientsAsSubscribers: mailbox.addRecipientsAsSubscribers,
    slug: mailbox.slug,
    webFormEnabled: mailbox.webFormEnabled,
    webFormCategoryChoice: mailbox.webFormCategoryChoice,
    brandColor: mailbox.brandColor,
    brandLogoUrl: mailbox.brandLogoUrl,
    defaultCategoryInactive:
      category && !category.isActive ? { id: category.id, name: category.name } : null,
    defaultAssigneeInactive:
      assignee && !assignee.isActive ? { id: assignee.id, name: assignee.name } : null,
    polling: pollingStatusOf(mailbox),
    inboundCount: inbound?.n ?? 0,
  };
}
