import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoCredentials } from "@/db/seed/demo";
import { baseURL, launchBrowser, signIn, until } from "./browser";

const admin = demoCredentials.find((c) => c.role === "admin")!;

let browser: Browser;
/** The agent's console, signed in as the demo admin. */
let agent: BrowserContext;
let agentPage: Page;
/** Requesters: never signed in to the console. */
let requesterA: BrowserContext;
let requesterB: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  agent = await browser.newContext();
  agentPage = await agent.newPage();
  await signIn(agentPage, admin.email, admin.password);
  await agentPage.waitForURL(`${baseURL}/tickets`);
  requesterA = await browser.newContext();
  requesterB = await browser.newContext();
});
afterEach(async () => {
  await agent?.close();
  await requesterA?.close();
  await requesterB?.close();
});

/** Fills the demo mailbox's public form as a person would and returns the new ticket's reference. */
async function submitWebForm(
  context: BrowserContext,
  person: { name: string; email: string },
  subject: string,
  description: string,
): Promise<string> {
  const page = await context.newPage();
  const response = await page.goto(`${baseURL}/support/support`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Your email address").fill(person.email);
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Description").fill(description);
  // The form refuses submissions faster than a person types (a signed "shown at" stamp).
  await page.waitForTimeout(3_500);
  await page.getByRole("button", { name: "Send request" }).click();
  const thanks = page.getByText(/we received your request \((TKT-\d{3,})\)/);
  await thanks.waitFor();
  const ref = /TKT-\d{3,}/.exec((await thanks.textContent()) ?? "")?.[0];
  if (!ref) throw new Error("no ticket reference in the confirmation");
  await page.close();
  return ref;
}

/** The portal link in the acknowledgement the dev mailbox shows for the ticket. */
async function portalLinkFromMailbox(ref: string): Promise<string> {
  const mailbox = await agent.newPage();
  const link = await until(async () => {
    await mailbox.goto(`${baseURL}/dev/mailbox`);
    const entry = mailbox.getByRole("link", { name: `[${ref}] We received your request` });
    if ((await entry.count()) === 0) return null;
    await entry.first().click();
    await mailbox.getByText("Headers").first().waitFor();
    const body = (await mailbox.locator("pre").first().textContent()) ?? "";
    return /https?:\/\/\S+\/portal\/auth\?token=[A-Za-z0-9_.%-]+/.exec(body)?.[0] ?? null;
  }, `the acknowledgement of ${ref} in the dev mailbox`);
  await mailbox.close();
  return link;
}

describe("requester portal", () => {
  it("takes a web form request through the emailed link to a reply with a file the agent sees", async () => {
    const unique = Date.now();
    const subject = `Invoice shows the wrong VAT ${unique}`;
    const refA = await submitWebForm(
      requesterA,
      { name: "Nora Field", email: `nora.${unique}@example.org` },
      subject,
      "The VAT on invoice 2026-114 is 25% instead of 19%.",
    );
    const linkA = await portalLinkFromMailbox(refA);

    // The link signs the requester in and leaves the address bar without its token.
    const page = await requesterA.newPage();
    const landing = await page.goto(linkA);
    await page.waitForURL(`${baseURL}/portal/tickets/${refA}`);
    expect(page.url()).not.toContain("token");
    expect(landing?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.getByRole("heading", { name: subject }).waitFor();
    const conversation = page.getByRole("list", { name: "Conversation" });
    await conversation.getByText("The VAT on invoice 2026-114 is 25% instead of 19%.").waitFor();

    // Reply with a file.
    await page.locator('input[type=file][aria-label="Attach files"]').setInputFiles({
      name: "invoice-2026-114.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("VAT 25%"),
    });
    await page.getByRole("button", { name: "Remove invoice-2026-114.txt" }).waitFor();
    await page.getByLabel("Your message").fill("Here is the invoice with the wrong rate.");
    await page.getByRole("button", { name: "Send reply" }).click();
    const reply = conversation
      .locator("li")
      .filter({ hasText: "Here is the invoice with the wrong rate." });
    const file = reply.getByRole("link", { name: /invoice-2026-114\.txt/ });
    await file.waitFor();
    const fileHref = await file.getAttribute("href");
    expect(fileHref).toMatch(/^\/api\/attachments\/\d+$/);
    expect((await requesterA.request.get(`${baseURL}${fileHref}`)).status()).toBe(200);

    // The agent console shows the reply and its file on the ticket.
    await agentPage.goto(`${baseURL}/tickets/${refA}`);
    const agentConversation = agentPage.getByRole("list", { name: "Conversation" });
    await agentConversation.getByText("Here is the invoice with the wrong rate.").waitFor();
    await agentConversation.getByRole("link", { name: /invoice-2026-114\.txt/ }).waitFor();

    // Requester B, with a link of their own, cannot open A's ticket nor download A's file.
    const refB = await submitWebForm(
      requesterB,
      { name: "Omar Quinn", email: `omar.${unique}@example.org` },
      `Cannot change my address ${unique}`,
      "The form says my postcode is invalid.",
    );
    const linkB = await portalLinkFromMailbox(refB);
    const pageB = await requesterB.newPage();
    await pageB.goto(linkB);
    await pageB.waitForURL(`${baseURL}/portal/tickets/${refB}`);
    const denied = await pageB.goto(`${baseURL}/portal/tickets/${refA}`);
    expect(denied?.status()).toBe(404);
    await pageB.getByRole("heading", { name: "Request not found" }).waitFor();
    expect(await pageB.getByText(subject).count()).toBe(0);
    expect((await requesterB.request.get(`${baseURL}${fileHref}`)).status()).toBe(404);

    // A tampered link is refused with a page offering a new one.
    const tampered = linkA.replace(/token=(.)/, (_, c: string) => `token=${c === "A" ? "B" : "A"}`);
    const fresh = await browser.newContext();
    const freshPage = await fresh.newPage();
    await freshPage.goto(tampered);
    await freshPage.waitForURL(`${baseURL}/portal/link?reason=invalid`);
    await freshPage.getByText("This link is not valid").waitFor();
    await freshPage.getByRole("button", { name: "Email me a link" }).waitFor();
    await fresh.close();
  });
});
