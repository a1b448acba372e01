/**
 * Splitting a plain-text reply into what the person wrote now and the quoted history below it, so the
 * console shows the new part first (the full original is kept and viewable). Conservative: when no
 * known separator is found, everything is the reply.
 */
const separators: RegExp[] = [
  // Gmail, Apple Mail, Thunderbird, mobile clients: "On <date>, <name> wrote:" (may wrap one line).
  /^\s*On\b.{0,200}?\bwrote:\s*$/im,
  /^\s*On\b[^\n]{0,200}\n[^\n]{0,200}\bwrote:\s*$/im,
  // German, French, Spanish, Dutch, Italian variants.
  /^\s*Am\b.{0,200}?\bschrieb\b.{0,100}?:\s*$/im,
  /^\s*Le\b.{0,200}?\ba écrit\s*:\s*$/im,
  /^\s*El\b.{0,200}?\bescribió\s*:\s*$/im,
  /^\s*Op\b.{0,200}?\bschreef\b.{0,100}?:\s*$/im,
  /^\s*Il giorno\b.{0,200}?\bha scritto\s*:\s*$/im,
  // Outlook.
  /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/im,
  /^\s*-{2,}\s*Ursprüngliche Nachricht\s*-{2,}\s*$/im,
  /^_{10,}\s*\n\s*From:/im,
  /^\s*From:\s.+\n\s*(Sent|Date):\s.+\n\s*To:\s/im,
  /^\s*Von:\s.+\n\s*(Gesendet|Datum):\s.+\n\s*An:\s/im,
  // Forwarded in-line.
  /^\s*-{2,}\s*Forwarded message\s*-{2,}\s*$/im,
];

export function splitQuotedText(text: string): { reply: string; quoted: string } {
  const normalized = text.replace(/\r\n/g, "\n");
  let cut = -1;
  for (const pattern of separators) {
    const match = pattern.exec(normalized);
    if (match && (cut === -1 || match.index < cut)) cut = match.index;
  }
  // A trailing block of "> " lines with nothing after it is quoted history too.
  const lines = normalized.split("\n");
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === "") end--;
  let start = end;
  while (start > 0 && /^\s*>/.test(lines[start - 1]!)) start--;
  if (start < end && start > 0) {
    const offset = lines.slice(0, start).join("\n").length + 1;
    if (cut === -1 || offset < cut) cut = offset;
  }
  if (cut <= 0) return { reply: normalized.trim(), quoted: "" };
  const reply = normalized.slice(0, cut).trim();
  // Never hide everything: a message that is only a quote shows in full.
  if (!reply) return { reply: normalized.trim(), quoted: "" };
  return { reply, quoted: normalized.slice(cut).trim() };
}
