/**
 * Telling mail written by a person from mail written by a machine: auto-replies (RFC 3834 and the
 * vendor headers), delivery-status bounces, list and bulk mail, and no-reply senders. Machine mail is
 * stored and threaded but never triggers an acknowledgement or notification, which is what stops loops.
 */
export type AutomatedKind = "auto_reply" | "bounce" | "bulk" | "noreply";
export type AutomatedVerdict = { kind: AutomatedKind; reason: string } | null;

/** Header names lower-cased; a header that occurs several times keeps its values joined by ", ". */
export type HeaderLookup = (name: string) => string | undefined;

const noreplyLocalPart =
  /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|no[-_.]?response|notifications?|mailer[-_.]?daemon|postmaster|bounces?)([+-].*)?$/i;
const daemonLocalPart = /^(mailer[-_.]?daemon|postmaster)$/i;

export function classifyAutomated(input: {
  header: HeaderLookup;
  fromAddress: string | null;
  /** The top-level MIME type with parameters, e.g. `multipart/report; report-type=delivery-status`. */
  contentType: string | null;
}): AutomatedVerdict {
  const { header } = input;
  const local = input.fromAddress?.split("@")[0]?.trim() ?? "";

  const contentType = (input.contentType ?? "").toLowerCase();
  if (
    contentType.startsWith("multipart/report") &&
    /report-type\s*=\s*"?delivery-status/.test(contentType)
  ) {
    return { kind: "bounce", reason: "delivery status report (multipart/report)" };
  }
  if (daemonLocalPart.test(local)) return { kind: "bounce", reason: `sent by ${local}` };
  const returnPath = header("return-path")?.trim();
  if (returnPath === "<>") return { kind: "bounce", reason: "empty Return-Path" };

  const autoSubmitted = header("auto-submitted")?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") {
    return { kind: "auto_reply", reason: `Auto-Submitted: ${autoSubmitted}` };
  }
  for (const name of ["x-autoreply", "x-autorespond", "x-autoresponder"]) {
    if (header(name) !== undefined) return { kind: "auto_reply", reason: `${name} header` };
  }
  const suppress = header("x-auto-response-suppress")?.toLowerCase();
  if (suppress && /\b(all|oof|autoreply)\b/.test(suppress)) {
    return { kind: "auto_reply", reason: `X-Auto-Response-Suppress: ${suppress}` };
  }
  const precedence = header("precedence")?.trim().toLowerCase();
  if (
    precedence === "bulk" ||
    precedence === "junk" ||
    precedence === "list" ||
    precedence === "auto_reply"
  ) {
    return {
      kind: precedence === "auto_reply" ? "auto_reply" : "bulk",
      reason: `Precedence: ${precedence}`,
    };
  }
  // A list mail has List-Unsubscribe; a person writing through a list also has a personal From, so
  // only count it as bulk when the sender looks like a machine or the list headers say so.
  if (
    header("list-unsubscribe") !== undefined &&
    (header("list-id") !== undefined || noreplyLocalPart.test(local))
  ) {
    return { kind: "bulk", reason: "mailing list (List-Unsubscribe)" };
  }
  if (header("x-loop") !== undefined) return { kind: "auto_reply", reason: "X-Loop header" };
  if (noreplyLocalPart.test(local))
    return { kind: "noreply", reason: `no-reply sender (${local})` };
  return null;
}
