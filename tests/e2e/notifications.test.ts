import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoCredentials } from "@/db/seed/demo";
import { baseURL, expectEventually, launchBrowser, signIn } from "./browser";

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

describe("notification settings and email templates", () => {
  it("saves a notification switch that stays saved after a reload", async () => {
    await page.goto(`${baseURL}/admin/notifications`);
    const adminsSwitch = page.getByLabel("Notify all admins of new tickets");
    const before = await adminsSwitch.isChecked();
    await adminsSwitch.setChecked(!before);
    await page.getByRole("button", { name: "Save notification settings" }).click();
    await page.getByRole("status").filter({ hasText: "Notification settings saved." }).waitFor();

    await page.reload();
    await expectEventually(
      () => page.getByLabel("Notify all admins of new tickets").isChecked(),
      !before,
    );

    // Leave the workspace as it was for the other tests.
    await page.getByLabel("Notify all admins of new tickets").setChecked(before);
    await page.getByRole("button", { name: "Save notification settings" }).click();
    await page.getByRole("status").filter({ hasText: "Notification settings saved." }).waitFor();
  });

  it("previews a template live, reports an unknown mask, saves it and resets it", async () => {
    await page.goto(`${baseURL}/admin/email-templates`);
    await page.getByRole("link", { name: "Ticket closed" }).click();
    await page.waitForURL(`${baseURL}/admin/email-templates/ticket_closed`);

    const subject = page.getByLabel("Subject", { exact: true });
    await subject.fill("All done: #Subject# #Oops#");
    await page.getByRole("alert").filter({ hasText: "Unknown mask: #Oops#" }).waitFor();

    await subject.fill("All done: #Subject#");
    await expectEventually(
      () => page.getByTestId("preview-subject").textContent(),
      "[TKT-042] All done: The printer is on fire",
    );
    await page
      .frameLocator('iframe[title="Email preview"]')
      .getByText("Your request TKT-042 (The printer is on fire) is now closed.", { exact: false })
      // The text is in the hidden preheader as well as the body: wait for the visible one.
      .last()
      .waitFor();

    await page.getByRole("button", { name: "Save template" }).click();
    await page.getByRole("status").filter({ hasText: "Template saved." }).waitFor();
    await page.goto(`${baseURL}/admin/email-templates`);
    const row = page.getByRole("row").filter({ hasText: "Ticket closed" });
    await row.getByText("Customised").waitFor();
    expect(await row.textContent()).toContain("All done: #Subject#");

    await row.getByRole("link", { name: "Ticket closed" }).click();
    await page.getByRole("button", { name: "Reset to default" }).click();
    await page.getByRole("status").filter({ hasText: "Back to the default template." }).waitFor();
    await expectEventually(
      () => page.getByLabel("Subject", { exact: true }).inputValue(),
      "Your request was closed: #Subject#",
    );
  });
});
