/**
 * What the admin screen sends for an SLA policy (everything but id and position), built from the
 * engine's own schemas so a stored row always parses with `slaPolicySchema`. Pure and client-safe:
 * the form validates with it before sending, the domain validates again on write. Also the
 * "1h 30m" duration notation the form uses for targets.
 */
import { z } from "zod";
import { ticketPriorities } from "@/db/schema/enum-values";
import { businessCalendarSchema } from "./calendar";
import { slaConditionsSchema, slaTargetsSchema, slaWarningSchema } from "./policy";

/**
 * What happens on a breach besides notifying: raise the priority one step and/or hand the ticket to
 * a team. Stored in `sla_policies.escalation`; the team must exist (checked on write).
 */
export const slaEscalationSchema = z.object({
  raisePriority: z.boolean({ error: "must be true or false" }).optional(),
  teamId: z
    .number({ error: "Choose a team." })
    .int({ error: "Choose a team." })
    .positive({ error: "Choose a team." })
    .nullable()
    .optional(),
});
export type SlaEscalation = z.infer<typeof slaEscalationSchema>;

export const slaPolicyInputSchema = z.object({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, { error: "Enter a name." })
    .max(200, { error: "Keep the name to 200 characters or fewer." }),
  conditions: slaConditionsSchema.default({}),
  targets: z
    .partialRecord(z.enum(ticketPriorities), slaTargetsSchema)
    .refine((targets) => Object.values(targets).some((t) => t && Object.values(t).some(Boolean)), {
      error: "Set at least one target.",
    }),
  calendar: businessCalendarSchema,
  warn: slaWarningSchema.default({}),
  escalation: slaEscalationSchema.default({}),
});
export type SlaPolicyFormInput = z.input<typeof slaPolicyInputSchema>;
export type SlaPolicyFormValues = z.output<typeof slaPolicyInputSchema>;

const durationPattern = /^(?:(\d+)\s*h(?:ours?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?$/i;

/**
 * Minutes from "90", "1h 30m", "2h", "45 min"; `undefined` for an empty field and `null` when the
 * text is not a duration.
 */
export function parseDuration(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const match = durationPattern.exec(trimmed);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/** 90 → "1h 30m", 60 → "1h", 45 → "45m". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h ${rest}m`;
}

/** Zod issues keyed by dotted path ("calendar.weekly.1", "targets.urgent.resolutionMinutes"). */
export function issuesByPath(error: z.ZodError): Record<string, string[]> {
  const byPath: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    (byPath[key] ??= []).push(issue.message);
  }
  return byPath;
}
