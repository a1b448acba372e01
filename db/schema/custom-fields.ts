/** Admin-defined ticket fields and their values per ticket. */
import { boolean, integer, jsonb, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { foreignId, id, timestamps, timestamptz } from "./columns";
import { tickets } from "./tickets";
import { users } from "./users";

export const customFieldTypes = ["text", "number", "date", "select", "checkbox"] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];
export const customFieldTypeEnum = pgEnum("custom_field_type", customFieldTypes);

/** public: requesters see it too; agents: agents and admins; admins: admins only. */
export const customFieldVisibilities = ["public", "agents", "admins"] as const;
export type CustomFieldVisibility = (typeof customFieldVisibilities)[number];
export const customFieldVisibilityEnum = pgEnum("custom_field_visibility", customFieldVisibilities);

export const customFields = pgTable("custom_fields", {
  id: id(),
  /** Stable lower snake case key for the API and masks. */
  key: text("key").notNull().unique(),
  label: text("label").notNull(),
  type: customFieldTypeEnum("type").notNull(),
  /** Choices of a select field. */
  options: jsonb("options").$type<string[]>().notNull().default([]),
  visibility: customFieldVisibilityEnum("visibility").notNull().default("agents"),
  position: integer("position").notNull().default(0),
  isActive: boolean("is_active").notNull().default(true),
  ...timestamps,
});

/** text/select: string; number: number; date: "YYYY-MM-DD"; checkbox: boolean. */
export type CustomFieldValue = string | number | boolean;

export const ticketCustomFieldValues = pgTable(
  "ticket_custom_field_values",
  {
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    fieldId: foreignId("field_id")
      .notNull()
      .references(() => customFields.id, { onDelete: "cascade" }),
    value: jsonb("value").$type<CustomFieldValue>().notNull(),
    updatedByUserId: foreignId("updated_by_user_id").references(() => users.id, {
      onDelete: "set null",
    }),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.fieldId] })],
);

export type CustomField = typeof customFields.$inferSelect;
