/**
 * Reading a raw RFC 822 message: the header facts the endpoint needs before storing it (Message-ID,
 * sender, subject, recipients) and the full parse the processor needs (bodies, attachments, the
 * header lookup that classifyAutomated expects). mailparser accepts almost anything, so "malformed"
 * is decided here: a message without a header section or without a sender address cannot be
 * threaded or answered, and is refused with a reason rather than guessed at.
 */
import "server-only";
import crypto from "node:crypto";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import type { HeaderLookup } from "./automated";

export class MalformedEmailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedEmailError";
  }
}

export type EmailSender = { email: string; name: string };

export type InboundHeaders = {
  /** `<id@host>`, or null when the message has none (or an unusable one). */
  messageId: string | null;
  from: EmailSender | null;
  subject: string;
  /** Every recipient address we were reached through: To, Cc, Delivered-To, X-Original-To. */
  recipients: string[];
};

export type ParsedInboundEmail = InboundHeaders & {
  mail: ParsedMail;
  header: HeaderLookup;
  contentType: string | null;
  inReplyTo: string[];
  references: string[];
};

const simpleAddress = /^[^\s@<>",]+@[^\s@<>",]+$/;
const headerFieldLine = /^[\x21-\x39\x3b-\x7e]+:/;

/** The key that identifies a message for de-duplication. */
export function messageIdKey(messageId: string | null, raw: Uint8Array): string {
  if (messageId) return messageId;
  return `sha256:${crypto.createHash("sha256").update(raw).digest("hex")}`;
}

/** `<a@b>` → `<a@b>`, `a@b` → `<a@b>`; anything with spaces or absurdly long is not an id. */
export function normalizeMessageId(value: string | null | undefined): string | null {
  const trimmed = (value ?? "").trim();
  if (!trimmed) return null;
  const inner = trimmed.replace(/^<+/, "").replace(/>+$/, "").trim();
  if (!inner || inner.length > 900 || /[\s<>]/.test(inner)) return null;
  return `<${inner}>`;
}

/** Every `<…>` id in an In-Reply-To / References value (or mailparser's array of them). */
export function messageIdList(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(" ") : (value ?? "");
  const ids: string[] = [];
  for (const match of text.matchAll(/<([^<>\s]+)>/g)) {
    const id = normalizeMessageId(match[1]);
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): EmailSender[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const list: EmailSender[] = [];
  const visit = (entries: AddressObject["value"]) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      const email = entry.address?.trim() ?? "";
      if (simpleAddress.test(email)) list.push({ email, name: entry.name?.trim() ?? "" });
    }
  };
  for (const object of objects) visit(object.value);
  return list;
}

/** Raw header values by lower-case name; repeated headers joined by ", " (as classifyAutomated expects). */
function headerLookupOf(mail: ParsedMail): HeaderLookup {
  const values = new Map<string, string[]>();
  for (const { key, line } of mail.headerLines) {
    const colon = line.indexOf(":");
    const value = (colon >= 0 ? line.slice(colon + 1) : "").replace(/\r?\n[ \t]+/g, " ").trim();
    const name = key.toLowerCase();
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return (name) => values.get(name.toLowerCase())?.join(", ");
}

function extractAddresses(value: string | undefined): string[] {
  return [...(value ?? "").matchAll(/[^\s<>",;:]+@[^\s<>",;]+/g)].map((m) => m[0]);
}

function headersOf(mail: ParsedMail, header: HeaderLookup): InboundHeaders {
  const from = addressesOf(mail.from)[0] ?? null;
  const recipients = [
    ...addressesOf(mail.to).map((a) => a.email),
    ...addressesOf(mail.cc).map((a) => a.email),
    ...extractAddresses(header("delivered-to")),
    ...extractAddresses(header("x-original-to")),
  ];
  return {
    messageId: normalizeMessageId(mail.messageId),
    from,
    subject: (mail.subject ?? "").replace(/[\r\n]+/g, " ").trim(),
    recipients: [...new Set(recipients.map((r) => r.toLowerCase()))],
  };
}

/** Throws MalformedEmailError unless the bytes start with a header field. */
function assertHeaderSection(raw: Uint8Array): void {
  const head = Buffer.from(raw.subarray(0, 2000)).toString("latin1").replace(/^\s+/, "");
  if (!headerFieldLine.test(head.split(/\r?\n/, 1)[0] ?? "")) {
    throw new MalformedEmailError(
      "Malformed message: it does not start with a header section (not RFC 822).",
    );
  }
}

/** The header section only (up to the first empty line), parsed: cheap even for a 25 MB mail. */
export async function peekHeaders(raw: Uint8Array): Promise<InboundHeaders | null> {
  try {
    assertHeaderSection(raw);
  } catch {
    return null;
  }
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  const ends = [crlf, lf].filter((i) => i >= 0);
  const end = ends.length > 0 ? Math.min(...ends) : buffer.length;
  const mail = await simpleParser(
    Buffer.concat([buffer.subarray(0, end), Buffer.from("\r\n\r\n")]),
  );
  return headersOf(mail, headerLookupOf(mail));
}

export async function parseInboundEmail(raw: Uint8Array): Promise<ParsedInboundEmail> {
  assertHeaderSection(raw);
  const mail = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
    // Inline images stay `cid:` references to their stored attachments, not data: URIs.
    keepCidLinks: true,
    checksumAlgo: "sha256",
  });
  const header = headerLookupOf(mail);
  const headers = headersOf(mail, header);
  if (!headers.from) {
    throw new MalformedEmailError("Malformed message: no sender address in From.");
  }
  return {
    ...headers,
    mail,
    header,
    contentType: header("content-type") ?? null,
    inReplyTo: messageIdList(mail.inReplyTo),
    references: messageIdList(mail.references),
  };
}

/**
 * Message-IDs quoted inside a delivery report (the returned headers or message): the mail that
 * bounced. The report's own Message-ID is excluded by the caller.
 */
export function embeddedMessageIds(raw: Uint8Array): string[] {
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1");
  const ids: string[] = [];
  for (const match of text.matchAll(/^(?:Message-ID|Original-Message-ID)\s*:\s*(<[^<>\s]+>)/gim)) {
    const id = normalizeMessageId(match[1]);
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
