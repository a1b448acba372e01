/** Reference data every installation needs (not demo data): applied at start-up and after resets. */
import type { Database } from "../client";
import { categories } from "../schema";

export const defaultCategories = [
  { slug: "general", name: "General" },
  { slug: "billing", name: "Billing" },
  { slug: "technical", name: "Technical" },
  { slug: "account", name: "Account" },
  { slug: "feature_request", name: "Feature Request" },
  { slug: "bug_report", name: "Bug Report" },
  { slug: "other", name: "Other" },
] as const;

export type DefaultCategorySlug = (typeof defaultCategories)[number]["slug"];

/** Idempotent: inserts what is missing and leaves admins' edits alone. */
export async function ensureReferenceData(db: Database): Promise<void> {
  await db
    .insert(categories)
    .values(defaultCategories.map((c, position) => ({ ...c, position })))
    .onConflictDoNothing({ target: categories.slug });
}
