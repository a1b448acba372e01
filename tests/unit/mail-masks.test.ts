import { describe, expect, it } from "vitest";
import { linkValue, renderMasks, type MaskData } from "@/lib/mail/templates/masks";
import { renderEmail } from "@/lib/mail/templates/render-email";
import { emailEventKeys, emailEvents, maskReference } from "@/lib/mail/templates/events";
import { sampleMaskData } from "@/lib/mail/templates/sample";
import { unknownMasksIn } from "@/lib/mail/templates/store";
import { parseDeliveryStatus, isHardBounce } from "@/lib/mail/suppression";
import { signUnsubscribeToken, verifyUnsubscribeToken } from "@/lib/mail/unsubscribe-token";

const data = (overrides: Partial<MaskData> = {}): MaskData => ({
  values: {
    Subject: "Printer <on> fire & smoke",
    FirstName: "Casey",
    URL: linkValue("https://help.example/portal/auth?token=a&b"),
    Empty: "",
  },
  messages: [
    { author: "Ana", date: "21 Nov 2026, 10:02 UTC", body: "Newest <b>bold</b>" },
    { author: "Casey", date: "21 Nov 2026, 09:30 UTC", body: "Second" },
    { author: "Casey", date: "21 Nov 2026, 09:00 UTC", body: "Third" },
    { author: "Casey", date: "21 Nov 2026, 08:00 UTC", body: "Fourth" },
  ],
  customFields: [
    { id: 7, label: "Order", value: "A-1 <x>" },
    { id: 8, label: "Floor", value: "" },
  ],
  ratingLinks: [
    { label: "Good", url: "https://help.example/portal/tickets/TKT-001/rate?score=5" },
    { label: "Bad", url: "https://help.example/portal/tickets/TKT-001/rate?score=1" },
  ],
  ...overrides,
});

const text = (template: string, d = data()) => renderMasks(template, d, "text").output;
const html = (template: string, d = data()) => renderMasks(template, d, "html").output;

describe("renderMasks", () => {
  it("fills simple masks, plain in text and HTML-escaped in HTML", () => {
    expect(text("Re: #Subject#")).toBe("Re: Printer <on> fire & smoke");
    expect(html("Re: #Subject#")).toBe("Re: Printer &lt;on&gt; fire &amp; smoke");
  });

  it("leaves unknown masks visible and reports each once", () => {
    const result = renderMasks("Hi #Frist_Name# and #Frist_Name#, #Nope#", data(), "text");
    expect(result.output).toBe("Hi #Frist_Name# and #Frist_Name#, #Nope#");
    expect(result.unknown).toEqual(["Frist_Name", "Nope"]);
  });

  it("is case-sensitive: #subject# is not #Subject#", () => {
    expect(renderMasks("#subject#", data(), "text").unknown).toEqual(["subject"]);
  });

  it("leaves text with lone # signs alone", () => {
    expect(text("Issue #12 costs 3 # apples, #Subject")).toBe(
      "Issue #12 costs 3 # apples, #Subject",
    );
  });

  it("renders an empty value as nothing", () => {
    expect(text("[#Empty#]")).toBe("[]");
  });

  it("turns links into anchors in HTML and bare URLs in text, escaping the href", () => {
    expect(text("#URL#")).toBe("https://help.example/portal/auth?token=a&b");
    expect(html("#URL#")).toBe(
      '<a href="https://help.example/portal/auth?token=a&amp;b">https://help.example/portal/auth?token=a&amp;b</a>',
    );
  });

  it("keeps line breaks of a plain-text template in HTML and of values", () => {
    expect(html("Hello #FirstName#,\nthanks")).toBe("Hello Casey,<br>\nthanks");
    const d = data({ values: { Body: "line 1\nline <2>" } });
    expect(html("#Body#", d)).toBe("line 1<br>\nline &lt;2&gt;");
    expect(text("#Body#", d)).toBe("line 1\nline <2>");
  });

  it("treats a template with block tags as HTML: no <br> added, tags stripped in text", () => {
    const template = "<p>Hello #FirstName#,</p>\n<p>About &quot;#Subject#&quot;</p>";
    expect(html(template)).toBe(
      "<p>Hello Casey,</p>\n<p>About &quot;Printer &lt;on&gt; fire &amp; smoke&quot;</p>",
    );
    expect(text(template)).toBe('Hello Casey,\nAbout "Printer <on> fire & smoke"');
  });

  it("#Recent_messages# shows the three newest, #Most_recent_message# one", () => {
    const recent = text("#Recent_messages#");
    expect(recent).toContain("Newest");
    expect(recent).toContain("Third");
    expect(recent).not.toContain("Fourth");
    expect(text("#Most_recent_message#")).toBe("Ana, 21 Nov 2026, 10:02 UTC:\nNewest <b>bold</b>");
    expect(html("#Most_recent_message#")).toContain("Newest &lt;b&gt;bold&lt;/b&gt;");
  });

  it("#NRecent_messages# shows N messages, capped at what there is; 0 is unknown", () => {
    expect(text("#2Recent_messages#")).toContain("Second");
    expect(text("#2Recent_messages#")).not.toContain("Third");
    expect(text("#10Recent_messages#")).toContain("Fourth");
    expect(renderMasks("#0Recent_messages#", data(), "text").unknown).toEqual(["0Recent_messages"]);
  });

  it("renders custom fields by id and all together, escaped in HTML", () => {
    expect(text("#CF_7#")).toBe("A-1 <x>");
    expect(html("#CF_7#")).toBe("A-1 &lt;x&gt;");
    expect(text("#CF_8#")).toBe("");
    expect(renderMasks("#CF_99#", data(), "text").unknown).toEqual(["CF_99"]);
    expect(text("#Custom_Fields#")).toBe("Order: A-1 <x>");
  });

  it("renders rating links with an optional prompt, and nothing without links", () => {
    expect(text("#RatingLinks#")).toBe(
      "Good: https://help.example/portal/tickets/TKT-001/rate?score=5\nBad: https://help.example/portal/tickets/TKT-001/rate?score=1",
    );
    const withPrompt = html("#RatingLinks(How did we <do>?)#");
    expect(withPrompt).toContain("How did we &lt;do&gt;?");
    expect(withPrompt).toContain('href="https://help.example/portal/tickets/TKT-001/rate?score=5"');
    expect(text("#RatingLinks(How did we do?)#")).toMatch(/^How did we do\?\nGood: /);
    expect(text("[#RatingLinks#]", data({ ratingLinks: null }))).toBe("[]");
  });
});

describe("templates", () => {
  it("every default template uses only known masks", () => {
    for (const event of emailEventKeys) {
      expect(unknownMasksIn(emailEvents[event]), event).toEqual([]);
    }
  });

  it("every documented mask is known to the renderer", () => {
    const sample = sampleMaskData();
    for (const { mask } of maskReference) {
      expect(renderMasks(mask, sample, "text").unknown, mask).toEqual([]);
    }
  });

  it("an empty subject or body skips the email", () => {
    expect(
      renderEmail({ subject: "", body: "x" }, sampleMaskData(), { brand: "B", footer: "" }),
    ).toBeNull();
    expect(
      renderEmail({ subject: "x", body: "  \n" }, sampleMaskData(), { brand: "B", footer: "" }),
    ).toBeNull();
  });

  it("renders the layout with the escaped body and a text part", () => {
    const rendered = renderEmail(
      { subject: "About #Subject#", body: "Hi #FirstName#\n#Subject#" },
      data(),
      { brand: "Acme <Support>", footer: "TKT-001 · reply" },
    )!;
    expect(rendered.subject).toBe("About Printer <on> fire & smoke");
    expect(rendered.html.startsWith("<!doctype html><html")).toBe(true);
    expect(rendered.html).toContain("Acme &lt;Support&gt;");
    expect(rendered.html).toContain("Hi Casey<br>\nPrinter &lt;on&gt; fire &amp; smoke");
    expect(rendered.html).not.toContain("Printer <on>");
    expect(rendered.text).toBe("Hi Casey\nPrinter <on> fire & smoke\n\n--\nTKT-001 · reply");
  });
});

describe("delivery status reports", () => {
  const report = [
    "Reporting-MTA: dns; mx.example.net",
    "",
    "Final-Recipient: rfc822; Casey@Example.com",
    "Action: failed",
    "Status: 5.1.1",
    "Diagnostic-Code: smtp; 550 5.1.1 <casey@example.com>:",
    "  user unknown",
    "",
    "Final-Recipient: rfc822; later@example.com",
    "Action: delayed",
    "Status: 4.4.1",
  ].join("\r\n");

  it("reads each recipient's status and tells hard bounces from soft ones", () => {
    const statuses = parseDeliveryStatus(report);
    expect(statuses.map((s) => [s.email, s.status, isHardBounce(s)])).toEqual([
      ["casey@example.com", "5.1.1", true],
      ["later@example.com", "4.4.1", false],
    ]);
    expect(statuses[0]!.diagnostic).toContain("user unknown");
  });

  it("finds nothing in an ordinary message", () => {
    expect(parseDeliveryStatus("Subject: hi\r\n\r\nStatus: 5.1.1 alone")).toEqual([]);
  });
});

describe("unsubscribe tokens", () => {
  const key = Buffer.alloc(32, 7);
  it("round-trips and rejects a changed token or another key", () => {
    const token = signUnsubscribeToken(key, { ticketId: 3, email: "Sam@Example.com" });
    expect(verifyUnsubscribeToken(key, token)).toEqual({ ticketId: 3, email: "sam@example.com" });
    expect(verifyUnsubscribeToken(Buffer.alloc(32, 8), token)).toBeNull();
    const [payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ t: 4, e: "sam@example.com" })).toString(
      "base64url",
    );
    expect(verifyUnsubscribeToken(key, `${forged}.${signature}`)).toBeNull();
    expect(verifyUnsubscribeToken(key, `${payload}`)).toBeNull();
    expect(verifyUnsubscribeToken(key, "")).toBeNull();
  });
});
