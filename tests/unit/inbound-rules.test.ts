import { describe, expect, it } from "vitest";
import { classifyAutomated } from "@/lib/mail/inbound/automated";
import { splitQuotedText } from "@/lib/mail/inbound/quoted";
import { baseSubject, parseSubject } from "@/lib/mail/inbound/subject";

function lookup(headers: Record<string, string>) {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return (name: string) => lower.get(name);
}
const human = (
  headers: Record<string, string> = {},
  from = "maria@example.org",
  contentType = "text/plain",
) => classifyAutomated({ header: lookup(headers), fromAddress: from, contentType });

describe("automated mail", () => {
  it("lets a person's mail through, including Auto-Submitted: no and a personal list post", () => {
    expect(human()).toBeNull();
    expect(human({ "Auto-Submitted": "no" })).toBeNull();
    expect(human({ "List-Unsubscribe": "<mailto:x@lists.example>" })).toBeNull();
  });

  it("recognises auto-replies by every common header", () => {
    expect(human({ "Auto-Submitted": "auto-replied" })?.kind).toBe("auto_reply");
    expect(human({ "X-Autoreply": "yes" })?.kind).toBe("auto_reply");
    expect(human({ "X-Autorespond": "Vacation" })?.kind).toBe("auto_reply");
    expect(human({ "X-Auto-Response-Suppress": "All" })?.kind).toBe("auto_reply");
    expect(human({ Precedence: "auto_reply" })?.kind).toBe("auto_reply");
    expect(human({ "X-Loop": "support@example.com" })?.kind).toBe("auto_reply");
  });

  it("recognises bounces and bulk mail", () => {
    expect(
      human({}, "maria@example.org", 'multipart/report; report-type="delivery-status"; boundary=x')
        ?.kind,
    ).toBe("bounce");
    expect(human({}, "MAILER-DAEMON@mx.example.org")?.kind).toBe("bounce");
    expect(human({}, "postmaster@example.org")?.kind).toBe("bounce");
    expect(human({ "Return-Path": "<>" })?.kind).toBe("bounce");
    expect(human({ Precedence: "bulk" })?.kind).toBe("bulk");
    expect(human({ Precedence: "list" })?.kind).toBe("bulk");
    expect(
      human({ "List-Unsubscribe": "<mailto:u@news.example>", "List-Id": "<news.example>" })?.kind,
    ).toBe("bulk");
  });

  it("recognises no-reply senders", () => {
    for (const from of [
      "noreply@shop.example",
      "no-reply@shop.example",
      "do-not-reply@x.example",
      "donotreply@x.example",
      "notifications@github.example",
    ]) {
      expect(human({}, from)?.kind, from).toBe("noreply");
    }
    expect(human({}, "norma@example.org")).toBeNull();
  });
});

describe("subject lines", () => {
  it("finds our ticket tag and strips commands", () => {
    expect(parseSubject("Re: [TKT-042] Printer on fire #close#")).toEqual({
      subject: "Re: [TKT-042] Printer on fire",
      commands: ["close"],
      ticketNumber: 42,
    });
    expect(parseSubject("#tech# #unsub# [tkt-1234] x")).toEqual({
      subject: "[tkt-1234] x",
      commands: ["tech", "unsubscribe"],
      ticketNumber: 1234,
    });
    expect(parseSubject("TKT-42 without brackets").ticketNumber).toBeNull();
    expect(parseSubject("[TKT-0] zero").ticketNumber).toBeNull();
  });

  it("reduces a subject to its base for comparison", () => {
    expect(baseSubject("Re: AW: Fwd: [TKT-007] Invoice missing")).toBe("Invoice missing");
    expect(baseSubject("SV: Re[2]: Hello")).toBe("Hello");
  });
});

describe("quoted history", () => {
  it("splits Gmail and Apple Mail replies at 'On … wrote:'", () => {
    const text =
      "Thanks, that fixed it!\n\nOn Mon, 2 Mar 2026 at 10:00, Support <support@example.com> wrote:\n> Please restart the printer.\n";
    expect(splitQuotedText(text)).toEqual({
      reply: "Thanks, that fixed it!",
      quoted:
        "On Mon, 2 Mar 2026 at 10:00, Support <support@example.com> wrote:\n> Please restart the printer.",
    });
  });

  it("handles a wrapped 'On … wrote:' line and localized clients", () => {
    expect(
      splitQuotedText(
        "Yes.\n\nOn Mon, Mar 2, 2026 at 10:00 AM Support Team\n<support@example.com> wrote:\n> Hi",
      ).reply,
    ).toBe("Yes.");
    expect(
      splitQuotedText("Danke!\n\nAm 02.03.2026 um 10:00 schrieb Support <s@example.com>:\n> Hallo")
        .reply,
    ).toBe("Danke!");
    expect(
      splitQuotedText(
        "Merci.\n\nLe lun. 2 mars 2026 à 10:00, Support <s@example.com> a écrit :\n> Bonjour",
      ).reply,
    ).toBe("Merci.");
  });

  it("splits Outlook's original-message blocks", () => {
    expect(
      splitQuotedText(
        "See attached.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\nTo: me\nSubject: x",
      ).reply,
    ).toBe("See attached.");
    expect(
      splitQuotedText(
        "Done.\n\nFrom: Support <s@example.com>\nSent: Monday, March 2, 2026 10:00 AM\nTo: Maria\nSubject: RE: x\n\nold",
      ).reply,
    ).toBe("Done.");
  });

  it("treats a trailing block of > lines as quoted, but keeps inline quotes and quote-only mail", () => {
    expect(splitQuotedText("Answer below.\n\n> old line 1\n> old line 2\n").reply).toBe(
      "Answer below.",
    );
    const inline = "> you asked about X\nX is done.\n> and Y?\nY next week.";
    expect(splitQuotedText(inline).reply).toBe(inline);
    expect(splitQuotedText("> only a quote").reply).toBe("> only a quote");
    expect(splitQuotedText("No history here.")).toEqual({ reply: "No history here.", quoted: "" });
  });
});
