import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoCredentials } from "@/db/seed/demo";
import { baseURL, launchBrowser, postRaw, signIn, until } from "./browser";

const admin = demoCredentials.find((c) => c.role === "admin")!;

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
  await signIn(page, admin.email, admin.password);
  await page.waitForURL(`${baseURL}/tickets`);
});
afterEach(async () => {
  await context?.close();
});

describe("email in and out", () => {
  it("turns a raw email into a ticket, sends the agent's reply, and threads the customer's answer back", async () => {
    const unique = Date.now();
    const subject = `Cannot log in ${unique}`;
    const first = [
      "From: Nora Field <nora.field@example.org>",
      "To: Support <support@example.com>",
      `Subject: ${subject}`,
      `Message-ID: <first-${unique}@mail.example.org>`,
      "Date: Sat, 21 Nov 2026 09:00:00 +0000",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "My password reset link says it has expired.",
      "",
    ].join("\n");
    expect((await postRaw(first, "wrong-secret")).status).toBe(401);
    const accepted = await postRaw(first);
    expect(accepted.status).toBe(202);
    expect(((await accepted.json()) as { status: string }).status).toBe("accepted");
    const again = await postRaw(first);
    expect(((await again.json()) as { status: string }).status).toBe("duplicate");

    // The email log shows it, threaded as a new ticket.
    await page.goto(`${baseURL}/admin/email-log`);
    const row = page.locator("tr").filter({ hasText: subject }).first();
    await row.waitFor();
    const ticketLink = row.getByRole("link", { name: /TKT-\d{3,}/ });
    const ref = await until(async () => {
      await page.reload();
      return (await ticketLink.count()) > 0 ? await ticketLink.textContent() : null;
    }, "the ticket link in the email log");

    // The agent replies; the reply leaves through the outbox into the dev mailbox.
    await page.goto(`${baseURL}/tickets/${ref}`);
    await page.getByRole("radio", { name: "Public reply" }).click();
    await page
      .getByLabel("Message", { exact: true })
      .fill("Here is a fresh link: it works for 24 hours.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page
      .getByRole("list", { name: "Conversation" })
      .getByText("Here is a fresh link")
      .waitFor();

    const mailbox = await context.newPage();
    const messageId = await until(async () => {
      await mailbox.goto(`${baseURL}/dev/mailbox`);
      const link = mailbox.getByRole("link", { name: `[${ref}] ${subject}` });
      if ((await link.count()) === 0) return null;
      await link.first().click();
      const headers = await mailbox.locator("body").textContent();
      return /Message-ID:?\s*(<[^>\s]+>)/i.exec(headers ?? "")?.[1] ?? null;
    }, "the reply in the dev mailbox");
    await mailbox.close();

    // The customer answers the email; it threads into the same ticket by In-Reply-To.
    const answer = [
      "From: Nora Field <nora.field@example.org>",
      "To: Support <support@example.com>",
      `Subject: Re: [${ref}] ${subject}`,
      `Message-ID: <answer-${unique}@mail.example.org>`,
      `In-Reply-To: ${messageId}`,
      `References: <first-${unique}@mail.example.org> ${messageId}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "That worked, thank you!",
      "",
      `On Sat, 21 Nov 2026, Support <support@example.com> wrote:`,
      "> Here is a fresh link: it works for 24 hours.",
      "",
    ].join("\n");
    expect((await postRaw(answer)).status).toBe(202);
    await until(async () => {
      await page.goto(`${baseURL}/tickets/${ref}`);
      return (await page.getByText("That worked, thank you!").count()) > 0;
    }, "the customer's answer on the ticket");
  });
});
