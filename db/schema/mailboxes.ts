/** Support addresses that mail arrives at; each carries the defaults for tickets it creates. */
import { sql } from "drizzle-orm";
import { boolean, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { categories } from "./categories";
import { foreignId, id, timestamps } from "./columns";
import { ticketPriorityEnum } from "./enums";
import { teams } from "./teams";

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
    acknowledgementEnabled: boolean("acknowledgement_enabled").notNull().default(true),
    acknowledgementMessage: text("acknowledgement_message").notNull().default(""),
    acceptUnknownSenders: boolean("accept_unknown_senders").notNull().default(true),
    addRecipientsAsSubscribers: boolean("add_recipients_as_subscribers").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("mailboxes_address_key").on(sql`lower(${t.address})`),
    // At most one default mailbox.
    uniqueIndex("mailboxes_single_default_key")
      .on(t.isDefault)
      .where(sql`${t.isDefault}`),
  ],
);

export type Mailbox = typeof mailboxes.$inferSelect;
