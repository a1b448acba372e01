/** Saved replies: personal (owner set) or shared with every agent (owner null). */
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { foreignId, id, timestamps } from "./columns";
import { users } from "./users";

export const cannedResponses = pgTable(
  "canned_responses",
  {
    id: id(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    ownerUserId: foreignId("owner_user_id").references(() => users.id, { onDelete: "cascade" }),
    createdByUserId: foreignId("created_by_user_id").references(() => users.id, {
      onDelete: "set null",
    }),
    ...timestamps,
  },
  (t) => [index("canned_responses_owner_idx").on(t.ownerUserId)],
);

export type CannedResponse = typeof cannedResponses.$inferSelect;
