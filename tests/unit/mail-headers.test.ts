import { describe, expect, it } from "vitest";
import { buildEmailHeaders, formatAddress, textToHtml, withTicketPrefix } from "@/lib/mail/headers";
import { createMessageId } from "@/lib/mail/message-id";

describe("outgoing mail headers", () => {
  it("gives a first mail only its Message-ID", () => {
    expect(buildEmailHeaders({ messageId: "<a@x>", thread: [], automatic: false })).toEqual({
      "Message-ID": "<a@x>",
    });
  });

  it("answers the customer's last message and references the whole thread", () => {
    const headers = buildEmailHeaders({
      messageId: "<new@x>",
      thread: [
        { emailMessageId: "<c1@customer>", direction: "in" },
        { emailMessageId: "<o1@x>", direction: "out" },
        { emailMessageId: "<c2@customer>", direction: "in" },
        { emailMessageId: "<o2@x>", direction: "out" },
      ],
      automatic: false,
    });
    expect(headers["In-Reply-To"]).toBe("<c2@customer>");
    expect(headers.References).toBe("<c1@customer> <o1@x> <o2@x> <c2@customer>");
  });

  it("falls back to our previous mail when the customer never wrote by email", () => {
    const headers = buildEmailHeaders({
      messageId: "<new@x>",
      thread: [{ emailMessageId: "<o1@x>", direction: "out" }],
      automatic: false,
    });
    expect(headers["In-Reply-To"]).toBe("<o1@x>");
    expect(headers.References).toBe("<o1@x>");
  });

  it("keeps References bounded: the thread's first id and the latest ones", () => {
    const thread = Array.from({ length: 30 }, (_, i) => ({
      emailMessageId: `<m${i}@x>`,
      direction: "out" as const,
    }));
    const refs = buildEmailHeaders({
      messageId: "<new@x>",
      thread,
      automatic: false,
    }).References!.split(" ");
    expect(refs).toHaveLength(20);
    expect(refs[0]).toBe("<m0@x>");
    expect(refs.at(-1)).toBe("<m29@x>");
  });

  it("marks automatic mail only", () => {
    expect(buildEmailHeaders({ messageId: "<a@x>", thread: [], automatic: true })).toMatchObject({
      "Auto-Submitted": "auto-replied",
      "X-Auto-Response-Suppress": "All",
      Precedence: "auto_reply",
    });
    expect(
      Object.keys(buildEmailHeaders({ messageId: "<a@x>", thread: [], automatic: false })),
    ).toEqual(["Message-ID"]);
  });

  it("prefixes the subject with the ticket unless it is already there, on one line", () => {
    expect(withTicketPrefix("Printer on fire", "TKT-123")).toBe("[TKT-123] Printer on fire");
    expect(withTicketPrefix("Re: [tkt-123] Printer", "TKT-123")).toBe("Re: [tkt-123] Printer");
    expect(withTicketPrefix("Two\r\nBcc: x@y.z", "TKT-001")).toBe("[TKT-001] Two Bcc: x@y.z");
  });

  it("formats addresses and escapes HTML", () => {
    expect(formatAddress({ email: "a@b.test", name: 'Casey "C" \r\nX' })).toBe(
      '"Casey C X" <a@b.test>',
    );
    expect(formatAddress({ email: "a@b.test", name: "" })).toBe("a@b.test");
    expect(textToHtml("a < b & c\nnext")).toContain("a &lt; b &amp; c<br>\nnext");
  });

  it("makes Message-IDs on the sender's domain", () => {
    const id = createMessageId("Support@Help.Example.com");
    expect(id).toMatch(/^<[\w-]{24}@help\.example\.com>$/);
    expect(createMessageId("a@b.test")).not.toBe(createMessageId("a@b.test"));
  });
});
