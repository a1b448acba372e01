// Type-only: these labels are used by client components, which must not pull in the schema.
import type { CustomFieldType, CustomFieldVisibility } from "@/db/schema";

export const typeLabels: Record<CustomFieldType, string> = {
  text: "Text",
  number: "Number",
  date: "Date",
  select: "Select (list of options)",
  checkbox: "Checkbox",
};

export const visibilityLabels: Record<CustomFieldVisibility, string> = {
  public: "Public: requesters see it too",
  agents: "Agents and admins",
  admins: "Admins only",
};

export const visibilityShortLabels: Record<CustomFieldVisibility, string> = {
  public: "Public",
  agents: "Agents",
  admins: "Admins",
};

/** In display order; from the records above so that client code need not import the schema. */
export const typeOptions = Object.keys(typeLabels) as CustomFieldType[];
export const visibilityOptions = Object.keys(visibilityLabels) as CustomFieldVisibility[];
