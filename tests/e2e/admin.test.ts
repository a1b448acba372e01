import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoCredentials } from "@/db/seed/demo";
import { baseURL, expectEventually, launchBrowser, signIn, until } from "./browser";

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

async function openNewTicket(subject: string) {
  await page.goto(`${baseURL}/tickets/new`);
  await page.getByLabel("Requester email").fill("kim.lee@example.org");
  await page.getByLabel("Requester name").fill("Kim Lee");
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Description").fill("Please help.");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await page.waitForURL(/\/tickets\/TKT-\d{3,}$/);
}

describe("admin screens drive the console", () => {
  it("adds a person who can sign in, and after deactivation cannot", async () => {
    await page.goto(`${baseURL}/admin/people`);
    await page.getByLabel("Name").fill("Dana Newhire");
    await page.getByLabel("Email").fill("dana.newhire@example.com");
    await page.getByLabel("Initial password").fill("first-day-password");
    await page.getByRole("button", { name: "Add person" }).click();
    await page.getByRole("cell", { name: "dana.newhire@example.com" }).waitFor();

    const newcomer = await browser.newContext();
    const newcomerPage = await newcomer.newPage();
    await signIn(newcomerPage, "dana.newhire@example.com", "first-day-password");
    await newcomerPage.waitForURL(`${baseURL}/tickets`);

    await page.getByRole("button", { name: "Deactivate Dana Newhire" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Deactivate" }).click();
    await page.getByRole("button", { name: "Reactivate Dana Newhire" }).waitFor();

    // The existing session stops working at once, and signing in again is refused.
    await newcomerPage.goto(`${baseURL}/tickets`);
    expect(new URL(newcomerPage.url()).pathname).toBe("/sign-in");
    await signIn(newcomerPage, "dana.newhire@example.com", "first-day-password");
    await newcomerPage.getByRole("alert").filter({ hasText: "Wrong email or password." }).waitFor();
    await newcomer.close();
  });

  it("lets an agent follow a category: a new ticket in it rings their bell", async () => {
    const bob = demoCredentials.find((c) => c.email === "bob@example.com")!;
    const followed = (following: boolean) =>
      page
        .getByRole("row")
        .filter({ hasText: bob.email })
        .getByText("Feature Request")
        .waitFor({ state: following ? "visible" : "detached" });
    const setFollowing = async (following: boolean) => {
      await page.getByRole("button", { name: "Categories followed by Bob Agent" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Feature Request").setChecked(following);
      await dialog.getByRole("button", { name: "Save" }).click();
      await dialog.waitFor({ state: "detached" });
      await followed(following);
    };
    await page.goto(`${baseURL}/admin/people`);
    await setFollowing(true);
    await page.reload();
    await followed(true);

    // A phone ticket with no team: only the category can tell Bob of it.
    const subject = `Dark mode, please ${Date.now()}`;
    await page.goto(`${baseURL}/tickets/new`);
    await page.getByLabel("Requester email").fill("noor.haddad@example.org");
    await page.getByLabel("Subject").fill(subject);
    await page.getByLabel("Description").fill("The screen is too bright at night.");
    await page.getByLabel("Category").selectOption({ label: "Feature Request" });
    await page.getByRole("button", { name: "Create ticket" }).click();
    await page.waitForURL(/\/tickets\/TKT-\d{3,}$/);

    const bobContext = await browser.newContext();
    const bobPage = await bobContext.newPage();
    await signIn(bobPage, bob.email, bob.password);
    await bobPage.waitForURL(`${baseURL}/tickets`);
    await bobPage.getByRole("button", { name: /Notifications \(\d+ unread\)/ }).click();
    await bobPage
      .getByRole("list", { name: "Notifications list" })
      .getByText(subject, { exact: false })
      .first()
      .waitFor();
    await bobContext.close();

    // Leave the workspace as it was for the other tests.
    await page.goto(`${baseURL}/admin/people`);
    await setFollowing(false);
  });

  it("defines a select custom field that agents then set on a ticket", async () => {
    await page.goto(`${baseURL}/admin/custom-fields`);
    await page.getByLabel("Label").fill("Plan");
    await page.getByLabel("Type").selectOption("select");
    await page.getByLabel("Visible to").selectOption("public");
    await page.getByLabel("Options").fill("Free\nPro\nEnterprise");
    await page.getByRole("button", { name: "Create field" }).click();
    await page.getByRole("button", { name: "Edit Plan" }).waitFor();

    await openNewTicket("Upgrade question");
    await page.getByLabel("Plan", { exact: true }).selectOption("Pro");
    await page.getByRole("button", { name: "Save Plan" }).click();
    const line = page
      .getByRole("list", { name: "Conversation" })
      .locator("li")
      .filter({ hasText: "set Plan to Pro" });
    await line.waitFor();
  });

  it("shares a canned response whose masks are filled in the composer", async () => {
    await page.goto(`${baseURL}/admin/canned-responses`);
    await page.getByLabel("Title").fill("Greeting");
    await page.getByLabel("Text").fill("Hello #FirstName#, thanks for writing about #TicketID#.");
    await page.getByRole("button", { name: "Add response" }).click();
    await page.getByRole("button", { name: "Edit Greeting" }).waitFor();

    await openNewTicket("Hello there");
    const ref = new URL(page.url()).pathname.split("/").pop();
    await page.getByLabel("Insert canned response").selectOption({ label: "Greeting" });
    await expectEventually(
      () => page.getByLabel("Message", { exact: true }).inputValue(),
      `Hello Kim, thanks for writing about ${ref}.`,
    );
  });

  it("flips the composer's default to a public reply", async () => {
    await page.goto(`${baseURL}/admin/settings`);
    await page.getByLabel("A public reply", { exact: true }).check();
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved.").waitFor();
    await openNewTicket("Default reply check");
    await expectEventually(
      () => page.getByRole("radio", { name: "Public reply" }).getAttribute("aria-checked"),
      "true",
    );

    await page.goto(`${baseURL}/admin/settings`);
    await page.getByLabel(/^An internal note/).check();
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved.").waitFor();
  });

  it("drags a category to the top of the list and back; the order is stored", async () => {
    await page.goto(`${baseURL}/admin/categories`);
    const rows = page.locator("tbody tr");
    const rowOf = (name: string) =>
      rows.filter({ has: page.getByRole("cell", { name, exact: true }) });
    const firstNames = async () =>
      (await rows.locator("td:nth-child(2)").allTextContents()).map((t) => t.trim());
    const before = await firstNames();
    expect(before[0]).toBe("General");
    const last = before.at(-1)!;

    // Onto the upper half of the first row: before it.
    await rowOf(last)
      .locator('[title^="Drag to reorder"]')
      .dragTo(rowOf("General"), { targetPosition: { x: 40, y: 3 } });
    await expectEventually(async () => (await firstNames())[0], last);
    await until(async () => {
      await page.reload();
      await rowOf("General").waitFor();
      return (await firstNames())[0] === last;
    }, "the dragged category first after a reload");

    // Back onto the lower half of the (now) last row: after it, where it was.
    const bottom = (await firstNames()).at(-1)!;
    const target = rowOf(bottom);
    const box = (await target.boundingBox())!;
    await rowOf(last)
      .locator('[title^="Drag to reorder"]')
      .dragTo(target, { targetPosition: { x: 40, y: box.height - 3 } });
    await until(async () => {
      await page.reload();
      await rowOf("General").waitFor();
      return (await firstNames()).join("|") === before.join("|");
    }, "the original category order after dragging back");
  });

  it("sets the incoming-email limits, refusing a loop stop below 2", async () => {
    await page.goto(`${baseURL}/admin/settings`);
    const loop = page.getByLabel(/^Hold a sender's mail on one ticket after/);
    const acks = page.getByLabel("Acknowledgements per address (per day)");
    expect(await loop.inputValue()).toBe("10");
    expect(await acks.inputValue()).toBe("3");

    await loop.fill("1");
    await page.getByRole("button", { name: "Save limits" }).click();
    await page.locator("#loop-messages-per-hour-error").waitFor();
    expect(await page.locator("#loop-messages-per-hour-error").textContent()).toContain(
      "at least 2",
    );

    await loop.fill("4");
    await acks.fill("2");
    await page.getByRole("button", { name: "Save limits" }).click();
    await page.getByText("Limits saved.").waitFor();
    await page.reload();
    expect(await page.getByLabel(/^Hold a sender's mail on one ticket after/).inputValue()).toBe(
      "4",
    );
    expect(await page.getByLabel("Acknowledgements per address (per day)").inputValue()).toBe("2");

    // Back to the defaults, for the tests that follow.
    await page.getByLabel(/^Hold a sender's mail on one ticket after/).fill("10");
    await page.getByLabel("Acknowledgements per address (per day)").fill("3");
    await page.getByRole("button", { name: "Save limits" }).click();
    await page.getByText("Limits saved.").waitFor();
  });
});
