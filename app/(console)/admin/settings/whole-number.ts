/**
 * A number field's text as the number the settings actions expect. An empty or non-numeric field
 * becomes NaN, which the action refuses with a message under the field.
 */
export function wholeNumberOf(value: FormDataEntryValue | null): number {
  const text = typeof value === "string" ? value.trim() : "";
  return text === "" ? Number.NaN : Number(text);
}
