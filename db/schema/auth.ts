/**
 * Failed sign-in attempts, kept in the database (not in memory) so throttling holds across app
 * instances and restarts. Keys look like `account:<email>` and `ip:<address>`.
 */
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { id, timestamptz } from "./columns";

export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: id(),
    key: text("key").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("sign_in_failures_key_created_idx").on(t.key, t.createdAt)],
);
