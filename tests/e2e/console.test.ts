import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoCredentials } from "@/db/seed/demo";
import { baseURL, expectEventually, launchBrowser, signIn } from "./browser";

const admin = demoCredentials.find((c) => c.role === "admin")!;
const agent = demoCredentials.find((c) => c.role === "agent")!;

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
});
afterEach(async () => {
  await context?.close();
});

describe("console", () => {
  it("sends a signed-out visitor to the sign-in page and back to where they were going", async () => {
    await page.goto(`${baseURL}/tickets/TKT-001`);
    await page.waitForURL(/\/sign-in\?callbackUrl=/);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${baseURL}/tickets/TKT-001`);
    await expect(page.locator("h1").textContent()).resolves.toBeTruthy();
  });

  it("refuses a wrong password with a message and no session", async () => {
    await signIn(page, admin.email, "not-the-password");
    await page.getByRole("alert").filter({ hasText: "Wrong email or password." }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    const response = await page.goto(`${baseURL}/tickets`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(response?.ok()).toBe(true);
  });

  it("lets the demo admin sign in, see seeded tickets and open one with its conversation", async () => {
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(`${baseURL}/tickets`);
    await page.getByRole("link", { name: /^All tickets/ }).click();
    await page.waitForURL(/view=all/);
    // Other end-to-end files add tickets to the same app, so look for seeded ones rather than count.
    const rows = page.locator("tbody tr");
    await expect(rows.count()).resolves.toBeGreaterThanOrEqual(30);
    // A seeded ticket with a conversation (the newest rows may be other files' one-message tickets).
    const subject = "API returns 502 since this morning";
    await page.getByRole("link", { name: subject }).click();
    await page.waitForURL(/\/tickets\/TKT-\d{3,}$/);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(subject);
    const conversation = page.getByRole("list", { name: "Conversation" });
    await expect(conversation.locator("li").count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(page.getByText("Requester", { exact: true }).count()).resolves.toBe(1);
  });

  it("shows internal notes and system messages distinctly on a ticket", async () => {
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(`${baseURL}/tickets`);
    // Find a ticket whose conversation has a note: walk the seeded tickets in order.
    for (let n = 1; n <= 30; n++) {
      await page.goto(`${baseURL}/tickets/TKT-${String(n).padStart(3, "0")}`);
      if ((await page.locator('li[data-kind="note"]').count()) > 0) break;
    }
    await expect(page.locator('li[data-kind="note"]').first().textContent()).resolves.toContain(
      "Internal note",
    );
    await expect(page.locator('li[data-kind="system"]').count()).resolves.toBeGreaterThan(0);
  });

  it("shows admins the Admin area and agents a 403 page there", async () => {
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(`${baseURL}/tickets`);
    // exact: teammate queues in the inbox rail are links too, e.g. "Admin User".
    await page.getByRole("link", { name: "Admin", exact: true }).click();
    await page.waitForURL(`${baseURL}/admin`);
    await expect(page.getByRole("cell", { name: agent.name }).count()).resolves.toBe(1);

    const agentContext = await browser.newContext();
    const agentPage = await agentContext.newPage();
    await signIn(agentPage, agent.email, agent.password);
    await agentPage.waitForURL(`${baseURL}/tickets`);
    await expect(agentPage.getByRole("link", { name: "Admin", exact: true }).count()).resolves.toBe(
      0,
    );
    const response = await agentPage.goto(`${baseURL}/admin`);
    expect(response?.status()).toBe(403);
    await expect(agentPage.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(
      "don't have access",
    );
    await agentContext.close();
  });

  it("answers unknown routes with a 404 page", async () => {
    const response = await page.goto(`${baseURL}/no/such/page`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Page not found",
    );
  });

  it("signs out, after which the console needs signing in again", async () => {
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(`${baseURL}/tickets`);
    await page.getByRole("button", { name: /Account menu/ }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${baseURL}/tickets`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });

  it("switches between light and dark themes", async () => {
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(`${baseURL}/tickets`);
    await page.getByRole("button", { name: "Change theme" }).click();
    await page.getByRole("menuitem", { name: "Dark" }).click();
    await expectEventually(
      async () => (await page.locator("html").getAttribute("class"))?.includes("dark"),
      true,
    );
    await page.getByRole("button", { name: "Change theme" }).click();
    await page.getByRole("menuitem", { name: "Light" }).click();
    await expectEventually(
      async () => (await page.locator("html").getAttribute("class"))?.includes("dark"),
      false,
    );
  });
});
