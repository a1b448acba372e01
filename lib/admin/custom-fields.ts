/**
 * Admin-defined ticket fields. A field's key (lower_snake_case, used by the API and masks) and its
 * type are fixed once created, because stored values and integrations depend on them; label,
 * options, visibility, position and the active flag can change. Values already stored on tickets
 * are kept when an option is removed or the field is switched off.
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import {
  customFields,
  customFieldTypes,
  customFieldVisibilities,
  type CustomField,
} from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { idSchema, mapUniqueViolation, parseInput } from "./input";
import { snakeKeyPattern, toSnakeKey } from "./keys";

export const MAX_OPTIONS = 100;

const labelSchema = z
  .string({ error: "Enter a label." })
  .trim()
  .min(1, { error: "Enter a label." })
  .max(80, { error: "Keep the label to 80 characters or fewer." });
const optionsSchema = z
  .array(
    z
      .string()
      .trim()
      .min(1, { error: "Options cannot be blank." })
      .max(100, { error: "Keep each option to 100 characters or fewer." }),
    { error: "Options must be a list." },
  )
  .max(MAX_OPTIONS, { error: `A field can have at most ${MAX_OPTIONS} options.` });
const visibilitySchema = z.enum(customFieldVisibilities, {
  error: "Choose who can see the field.",
});
const positionSchema = z
  .number({ error: "Enter a position." })
  .int({ error: "The position is a whole number." })
  .min(0, { error: "The position cannot be negative." })
  .max(10_000, { error: "The position is at most 10000." });

/** Why a select field's options are unacceptable, or null when they are fine. */
export function selectOptionsProblem(options: readonly string[]): string | null {
  if (options.length === 0) return "A select field needs at least one option.";
  const seen = new Set<string>();
  for (const option of options) {
    const folded = option.toLowerCase();
    if (seen.has(folded)) return `The option “${option}” is listed twice.`;
    seen.add(folded);
  }
  return null;
}

export const createCustomFieldSchema = z
  .object({
    label: labelSchema,
    /** Derived from the label when left out. */
    key: z.string().trim().max(60, { error: "Keep the key to 60 characters or fewer." }).optional(),
    type: z.enum(customFieldTypes, { error: "Choose a field type." }),
    options: optionsSchema.default([]),
    visibility: visibilitySchema.default("agents"),
    position: positionSchema.optional(),
    isActive: z.boolean().default(true),
  })
  .superRefine((value, ctx) => {
    const key = value.key || toSnakeKey(value.label);
    if (!key) {
      ctx.addIssue({
        code: "custom",
        path: ["key"],
        message: "Enter a key: the label has no letters or digits to make one from.",
      });
    } else if (!snakeKeyPattern.test(key)) {
      ctx.addIssue({
        code: "custom",
        path: ["key"],
        message: "Use lower-case letters, digits and single underscores, e.g. order_number.",
      });
    }
    if (value.type === "select") {
      const problem = selectOptionsProblem(value.options);
      if (problem) ctx.addIssue({ code: "custom", path: ["options"], message: problem });
    }
  });

export const updateCustomFieldSchema = z.object({
  fieldId: idSchema,
  label: labelSchema,
  options: optionsSchema.default([]),
  visibility: visibilitySchema,
  position: positionSchema.optional(),
  isActive: z.boolean(),
  // Present only to refuse them with a clear message rather than ignore them silently.
  key: z.never({ error: "The key cannot be changed once the field exists." }).optional(),
  type: z.never({ error: "The type cannot be changed once the field exists." }).optional(),
});

export type CreateCustomFieldInput = z.input<typeof createCustomFieldSchema>;
export type UpdateCustomFieldInput = z.input<typeof updateCustomFieldSchema>;

export async function createCustomField(
  db: Database,
  { actor, ...input }: { actor: Actor } & CreateCustomFieldInput,
): Promise<CustomField> {
  assertUserCan(actor, "admin.access");
  const parsed = parseInput(createCustomFieldSchema, input);
  const key = parsed.key || toSnakeKey(parsed.label);
  return mapUniqueViolation(
    () =>
      db.transaction(async (tx) => {
        let position = parsed.position;
        if (position === undefined) {
          const [last] = await tx
            .select({ position: sql<number>`coalesce(max(${customFields.position}), -1)::int` })
            .from(customFields);
          position = (last?.position ?? -1) + 1;
        }
        const [field] = await tx
          .insert(customFields)
          .values({
            key,
            label: parsed.label,
            type: parsed.type,
            options: parsed.type === "select" ? parsed.options : [],
            visibility: parsed.visibility,
            position,
            isActive: parsed.isActive,
          })
          .returning();
        if (!field) throw new Error("insert returned no row");
        return field;
      }),
    `Another field already uses the key “${key}”.`,
    "key",
  );
}

/** Edits label, options (select fields only), visibility, position and the active flag. */
export async function updateCustomField(
  db: Database,
  { actor, ...input }: { actor: Actor } & UpdateCustomFieldInput,
): Promise<CustomField> {
  assertUserCan(actor, "admin.access");
  const { fieldId, key: _key, type: _type, ...values } = parseInput(updateCustomFieldSchema, input);
  return db.transaction(async (tx) => {
    const [field] = await tx
      .select({ type: customFields.type })
      .from(customFields)
      .where(eq(customFields.id, fieldId))
      .for("update");
    if (!field) throw new DomainError("NOT_FOUND", "Custom field not found.");
    if (field.type === "select") {
      const problem = selectOptionsProblem(values.options);
      if (problem) throw new DomainError("INVALID", problem, { options: [problem] });
    }
    const [updated] = await tx
      .update(customFields)
      .set({
        ...values,
        options: field.type === "select" ? values.options : [],
        updatedAt: new Date(),
      })
      .where(eq(customFields.id, fieldId))
      .returning();
    if (!updated) throw new DomainError("NOT_FOUND", "Custom field not found.");
    return updated;
  });
}
