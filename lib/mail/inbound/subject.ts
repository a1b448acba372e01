/** What a subject line says: a ticket reference, commands for the helpdesk, and the subject left over. */

export type SubjectCommand = "close" | "tech" | "unsubscribe";

const commandPattern = /#(close|tech|unsubscribe|unsub)#/gi;
const ticketPattern = /\[TKT-0*(\d{1,15})\]/i;

export function parseSubject(subject: string): {
  subject: string;
  commands: SubjectCommand[];
  ticketNumber: number | null;
} {
  const commands = new Set<SubjectCommand>();
  const stripped = subject.replace(commandPattern, (_, word: string) => {
    const lower = word.toLowerCase();
    commands.add(lower === "unsub" ? "unsubscribe" : (lower as SubjectCommand));
    return " ";
  });
  const match = ticketPattern.exec(stripped);
  const ticketNumber = match?.[1] ? Number(match[1]) : null;
  return {
    subject: stripped.replace(/\s{2,}/g, " ").trim(),
    commands: [...commands],
    ticketNumber:
      ticketNumber && Number.isSafeInteger(ticketNumber) && ticketNumber > 0 ? ticketNumber : null,
  };
}

/** The subject without reply/forward prefixes (Re:, Fwd:, AW:, SV:, …) and our ticket tag. */
export function baseSubject(subject: string): string {
  let s = subject.replace(ticketPattern, " ");
  const prefix = /^\s*(re|fw|fwd|aw|wg|sv|vs|antw|rif|r|tr|enc)\s*(\[\d+\])?\s*:\s*/i;
  while (prefix.test(s)) s = s.replace(prefix, "");
  return s.replace(/\s{2,}/g, " ").trim();
}
