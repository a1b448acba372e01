/** Support addresses that mail arrives at; each carries the defaults for tickets it creates. */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { categories } from "./categories";
import { foreignId, id, timestamps, timestamptz } from "./columns";
import { routingMatchEnum, ticketPriorityEnum } from "./enums";
import { teams } from "./teams";
import { users } from "./users";

export const mailboxes = pgTable(
  "mailboxes",
  {
    id: id(),
    name: text("name").notNull(),
    address: text("address").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    defaultTeamId: foreignId("default_team_id").references(() => teams.id, {
      onDelete: "set null",
    }),
    defaultCategoryId: foreignId("default_category_id").references(() => categories.id, {
      onDelete: "set null",
    }),
    defaultPriority: ticketPriorityEnum("default_priority").notNull().default("medium"),
    /**
     * Assigned the tickets this mailbox opens when nothing else assigns them, while they are an
     * active agent in the ticket's team (or the ticket has none); null = left unassigned.
     */
    defaultAssigneeId: foreignId("default_assignee_id").references(() => users.id, {
      onDelete: "set null",
    }),
    acknowledgementEnabled: boolean("acknowledgement_enabled").notNull().default(true),
    acknowledgementMessage: text("acknowledgement_message").notNull().default(""),
    acceptUnknownSenders: boolean("accept_unknown_senders").notNull().default(true),
    addRecipientsAsSubscribers: boolean("add_recipients_as_subscribers").notNull().default(false),

    // Public web form and portal branding.
    /** URL segment of the public web form: /support/<slug>. */
    slug: text("slug")
      .notNull()
      .$defaultFn(() => `mailbox-${randomBytes(4).toString("hex")}`),
    webFormEnabled: boolean("web_form_enabled").notNull().default(true),
    /** Whether requesters may pick a category on the web form. */
    webFormCategoryChoice: boolean("web_form_category_choice").notNull().default(true),
    /** Accent colour (#rrggbb) on the portal and form; null = the app default. */
    brandColor: text("brand_color"),
    /** Logo shown on the portal and form, as an https URL or a data: URL of an uploaded image. */
    brandLogoUrl: text("brand_logo_url"),

    // Mailbox polling over IMAP (lib/mail/inbound/imap.ts). Null host = not polled.
    imapHost: text("imap_host"),
    imapPort: integer("imap_port").notNull().default(993),
    /** Implicit TLS; certificates are always verified. */
    imapTls: boolean("imap_tls").notNull().default(true),
    imapUser: text("imap_user"),
    /** AES-256-GCM with the key from MAILBOX_SECRET_KEY (lib/crypto/secret-box.ts). */
    imapPasswordEncrypted: text("imap_password_encrypted"),
    imapFolder: text("imap_folder").notNull().default("INBOX"),
    /** After a message is stored: delete it, or move it to `imapMoveFolder`. */
    imapAfterFetch: text("imap_after_fetch").$type<"delete" | "move">().notNull().default("delete"),
    imapMoveFolder: text("imap_move_folder"),
    pollingEnabled: boolean("polling_enabled").notNull().default(false),
    pollFailures: integer("poll_failures").notNull().default(0),
    lastPolledAt: timestamptz("last_polled_at"),
    lastPollError: text("last_poll_error"),
    /** Set when five polls in a row failed; an admin re-enables from the mailbox screen. */
    pollDisabledAt: timestamptz("poll_disabled_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("mailboxes_address_key").on(sql`lower(${t.address})`),
    uniqueIndex("mailboxes_slug_key").on(t.slug),
    check("mailboxes_imap_after_fetch_check", sql`${t.imapAfterFetch} in ('delete', 'move')`),
    // At most one default mailbox.
    uniqueIndex("mailboxes_single_default_key")
      .on(t.isDefault)
      .where(sql`${t.isDefault}`),
  ],
);

/**
 * Routing rules: tried in ascending position on every new ticket from email or the web form; the
 * first rule whose subject matches its text (contains, equals or starts with it, ignoring case) sets
 * team / category / priority (each optional).
 */
export const routingRules = pgTable(
  "routing_rules",
  {
    id: id(),
    position: integer("position").notNull().default(0),
    /** Restrict the rule to one mailbox; null = every mailbox. */
    mailboxId: foreignId("mailbox_id").references(() => mailboxes.id, { onDelete: "cascade" }),
    /** The text the subject is compared with, as `subjectMatch` says; case-insensitive. */
    subjectText: text("subject_text").notNull(),
    subjectMatch: routingMatchEnum("subject_match").notNull().default("contains"),
    teamId: foreignId("team_id").references(() => teams.id, { onDelete: "cascade" }),
    categoryId: foreignId("category_id").references(() => categories.id, { onDelete: "cascade" }),
    priority: ticketPriorityEnum("priority"),
    isActive: boolean("is_active").notNull().default(true),
    ...timestamps,
  },
  (t) => [index("routing_rules_position_idx").on(t.position, t.id)],
);

export type Mailbox = typeof mailboxes.$inferSelect;
export type RoutingRule = typeof routingRules.$inferSelect;
