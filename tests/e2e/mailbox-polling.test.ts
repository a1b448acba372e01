/**
 * The mailbox polling screen in the built app: IMAP settings saved with a write-only password, and
 * "Test connection" reporting what the server said — here a closed port, so no IMAP server is needed.
 * Polling itself stays off, so nothing polls in the background of the other tests.
 */
import net from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoCredentials } from "@/db/seed/demo";
import { baseURL, launchBrowser, signIn } from "./browser";

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

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("mailbox polling settings", () => {
  it("stores the IMAP settings with a write-only password and reports a failed connection test", async () => {
    const port = await closedPort();
    await page.goto(`${baseURL}/admin/mailboxes`);
    await page
      .locator("tr")
      .filter({ hasText: "support@example.com" })
      .getByRole("link")
      .first()
      .click();
    await page.waitForURL(/\/admin\/mailboxes\/\d+$/);
    await page.getByRole("link", { name: "Mailbox polling (IMAP)" }).click();
    await page.waitForURL(/\/admin\/mailboxes\/\d+\/polling$/);
    await page.getByRole("heading", { name: "Mailbox polling (IMAP)" }).waitFor();
    await page.getByText("Never", { exact: true }).waitFor();

    await page.getByLabel("IMAP server").fill("127.0.0.1");
    await page.getByLabel("Port", { exact: true }).fill(String(port));
    await page.getByLabel("User name").fill("support");
    await page.getByLabel("Password", { exact: true }).fill("imap-secret-password");
    await page.getByRole("button", { name: "Test connection" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: `Connection failed. Connection refused by 127.0.0.1:${port}.` })
      .waitFor();

    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").filter({ hasText: "Polling settings saved." }).waitFor();
    expect(await page.getByLabel("Password", { exact: true }).inputValue()).toBe("");

    // After a reload the password is not shown, only that one is stored; the test uses it.
    await page.reload();
    await page
      .getByText("A password is stored (encrypted). Leave this empty to keep it.")
      .waitFor();
    expect(await page.getByLabel("IMAP server").inputValue()).toBe("127.0.0.1");
    expect(await page.getByLabel("Password", { exact: true }).inputValue()).toBe("");
    expect(await page.content()).not.toContain("imap-secret-password");
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByRole("alert").filter({ hasText: "Connection refused" }).waitFor();
  });
});
