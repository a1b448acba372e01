/**
 * Outbound from the console, in the browser: "New email" refuses a bad address, then opens an email
 * ticket whose message reaches the dev mailbox; the customer's answer threads back into it; and
 * "Resolve and send summary" mails the requester the conversation.
 */
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

/** Opens the dev mailbox entry with this subject and returns its page text. */
async function mailText(subjectLine: string): Promise<string> {
  const mailbox = await context.newPage();
  try {
    return await until(async () => {
      await mailbox.goto(`${baseURL}/dev/mailbox`);
      const link = mailbox.getByRole("link", { name: subjectLine });
      if ((await link.count()) === 0) return null;
      await link.first().click();
      await mailbox.waitForURL(/\/dev\/mailbox\/\d+/);
      const text = (await mailbox.locator("body").textContent()) ?? "";
      // The message page, with its headers, not the list it was opened from.
      return /Message-ID/i.test(text) ? text : null;
    }, `"${subjectLine}" in the dev mailbox`);
  } finally {
    await mailbox.close();
  }
}

describe("new email to a customer", () => {
  it("refuses a bad address, sends the email, threads the answer back, and resolves with a summary", async () => {
    const unique = Date.now();
    const subject = `Your renewal ${unique}`;
    await page.goto(`${baseURL}/tickets/compose`);
    await page.getByLabel("To", { exact: true }).fill("not-an-address");
    await page.getByLabel("Subject", { exact: true }).fill(subject);
    await page
      .getByLabel("Message", { exact: true })
      .fill("Hi Olive, your plan renews next week. Any questions?");
    await page.getByRole("button", { name: "Send email" }).click();
    await page.getByText("Enter a valid email address, like name@example.com.").first().waitFor();
    expect(page.url()).toBe(`${baseURL}/tickets/compose`);

    await page.getByLabel("To", { exact: true }).fill(`olive.${unique}@example.org`);
    await page.getByRole("button", { name: "Send email" }).click();
    await page.waitForURL(/\/tickets\/TKT-\d{3,}$/);
    const ref = page.url().split("/").pop()!;
    await page
      .getByRole("list", { name: "Conversation" })
      .getByText("your plan renews next week")
      .waitFor();

    const sent = await mailText(`[${ref}] ${subject}`);
    const messageId = /Message-ID:?\s*(<[^>\s]+>)/i.exec(sent)?.[1];
    expect(messageId).toBeTruthy();

    const answer = [
      `From: Olive Stone <olive.${unique}@example.org>`,
      "To: Support <support@example.com>",
      `Subject: Re: [${ref}] ${subject}`,
      `Message-ID: <olive-${unique}@example.org>`,
      `In-Reply-To: ${messageId}`,
      `References: ${messageId}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "No questions, please renew.",
      "",
    ].join("\n");
    expect((await postRaw(answer)).status).toBe(202);
    await until(async () => {
      await page.goto(`${baseURL}/tickets/${ref}`);
      return (await page.getByText("No questions, please renew.").count()) > 0;
    }, "the customer's answer on the ticket");

    await page.getByRole("button", { name: "Resolve and send summary" }).click();
    const summary = await mailText(`[${ref}] Resolved: ${subject}`);
    expect(summary).toContain("your plan renews next week");
    expect(summary).toContain("No questions, please renew.");
  });
});
