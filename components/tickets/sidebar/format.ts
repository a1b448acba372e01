/** Formatting shared by the sidebar cards (dates use components/ui/local-time.tsx). */
import type { CustomFieldValue } from "@/db/schema";

/** 85 → "1 h 25 min", 120 → "2 h", 25 → "25 min". */
export function formatMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** How a stored custom field value reads when it cannot be edited. */
export function formatCustomFieldValue(value: CustomFieldValue | null): string {
  if (value === null || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}
