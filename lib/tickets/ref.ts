/** Ticket numbers as people see them: TKT-001 (at least three digits, growing past 999). */
export function formatTicketNumber(number: number): string {
  return `TKT-${String(number).padStart(3, "0")}`;
}

/** Accepts `TKT-001`, `tkt-1` or `1`; anything else is not a ticket reference. */
export function parseTicketRef(ref: string): number | null {
  const match = /^(?:tkt-)?(\d{1,15})$/i.exec(ref.trim());
  if (!match?.[1]) return null;
  const number = Number(match[1]);
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}
