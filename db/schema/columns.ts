/** Column helpers shared by every aggregate. */
import { bigint, timestamp } from "drizzle-orm/pg-core";

/** Surrogate key: a bigint identity, small and index-friendly at millions of rows. */
export const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();

export const foreignId = (name: string) => bigint(name, { mode: "number" });

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const timestamps = {
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
};
