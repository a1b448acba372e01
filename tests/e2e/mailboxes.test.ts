/**
 * Mailboxes, routing rules and moving a message in the built app: an admin adds a mailbox (the web
 * form address follows the address), fixes a bad colour, deletes it; a routing rule sends a new
 * email's ticket to Urgent and says so; an agent moves a note to another ticket. The demo's default
 * mailbox is never changed, so the other e2e files keep their routing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoCredentials } from "@/db/seed/demo";
import { baseURL, expectEventually, launchBrowser, postRaw, signIn, until } from "./browser";

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

/** The ticket a posted mail opened, as the Email log links it once processing is done. */
async function ticketOfLoggedMail(subject: string): Promise<string> {
  await page.goto(`${baseURL}/admin/email-log`);
  const ticketLink = page
    .locator("tr")
    .filter({ hasText: subject })
    .first()
    .getByRole("link", { name: /TKT-\d{3,}/ });
  return until(async () => {
    await page.reload();
    return (await ticketLink.count()) > 0 ? await ticketLink.textContent() : null;
  }, "the ticket link in the email log");
}

function conversationItem(text: string) {
  return page.getByRole("list", { name: "Conversation" }).locator("li").filter({ hasText: text });
}

async function createTicket(subject: string): Promise<string> {
  await page.goto(`${baseURL}/tickets/new`);
  await page.getByLabel("Requester email").fill("mover@example.org");
  await page.getByLabel("Requester name").fill("Mo Ver");
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Description").fill("First message.");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await page.waitForURL(/\/tickets\/TKT-\d{3,}$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

describe("mailboxes", () => {
  it("creates a mailbox, refuses a bad colour, saves a good one, and deletes it", async () => {
    const unique = Date.now();
    const address = `billing-${unique}@example.com`;
    await page.goto(`${baseURL}/admin/mailboxes`);
    await page.getByRole("link", { name: "New mailbox" }).click();
    await page.waitForURL(`${baseURL}/admin/mailboxes/new`);
    await page.getByLabel("Name", { exact: true }).fill(`Billing ${unique}`);
    await page.getByLabel("Address", { exact: true }).fill(address);
    // The web form address follows the address until edited.
    await expect(page.getByLabel("Web form address").inputValue()).resolves.toBe(
      `billing-${unique}`,
    );
    await page.getByLabel("Default priority").selectOption("high");
    await page.getByLabel("Default assignee").selectOption({ label: "Bob Agent" });
    await page.getByRole("button", { name: "Create mailbox" }).click();
    await page.waitForURL(/\/admin\/mailboxes\/\d+$/);
    await page.getByRole("link", { name: "Mailbox polling (IMAP)" }).waitFor();

    await page.getByLabel("Accent colour", { exact: true }).fill("blue");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Enter the colour as #rrggbb").waitFor();
    await page.getByLabel("Accent colour", { exact: true }).fill("#2563eb");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Mailbox saved.").waitFor();

    // Mail to the new address opens a ticket assigned to the mailbox's default assignee.
    const subject = `Invoice copy ${unique}`;
    const posted = await postRaw(
      [
        "From: Dana Default <dana.default@example.org>",
        `To: ${address}`,
        `Subject: ${subject}`,
        `Message-ID: <assignee-${unique}@mail.example.org>`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Could you send the invoice again?",
        "",
      ].join("\n"),
    );
    expect(posted.status).toBe(202);
    await page.goto(`${baseURL}/tickets/${await ticketOfLoggedMail(subject)}`);
    await expectEventually(
      () => page.getByLabel("Assignee", { exact: true }).locator("option:checked").textContent(),
      "Bob Agent",
    );

    await page.goto(`${baseURL}/admin/mailboxes`);
    const row = page.locator("tr").filter({ hasText: address });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain("High");
    await expect(row.textContent()).resolves.toContain("Not polled");

    await row.getByRole("link", { name: `Billing ${unique}` }).click();
    await page.waitForURL(/\/admin\/mailboxes\/\d+$/);
    await page.getByRole("button", { name: "Delete mailbox" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete mailbox" }).click();
    await page.waitForURL(`${baseURL}/admin/mailboxes`);
    await page.locator("tr").filter({ hasText: "support@example.com" }).waitFor();
    expect(await page.locator("tr").filter({ hasText: address }).count()).toBe(0);
  });
});

describe("routing rules", () => {
  it("routes a new email's ticket by its subject and says which rule did it", async () => {
    const unique = Date.now();
    const keyword = `meltdown-${unique}`;
    await page.goto(`${baseURL}/admin/routing-rules`);
    await page.getByLabel("When the subject").selectOption("starts_with");
    await page.getByLabel("Subject text").fill(`TOTAL ${keyword}`);
    await page.getByLabel("Set priority").selectOption("urgent");
    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByRole("cell", { name: `TOTAL ${keyword}`, exact: true }).waitFor();

    const subject = `Total ${keyword} of the export`;
    const raw = [
      "From: Rita Route <rita.route@example.org>",
      "To: Support <support@example.com>",
      `Subject: ${subject}`,
      `Message-ID: <route-${unique}@mail.example.org>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Everything is down.",
      "",
      "On Fri, 20 Nov 2026 at 09:00, Support <support@example.com> wrote:",
      `> Earlier answer ${unique}`,
      "",
    ].join("\n");
    expect((await postRaw(raw)).status).toBe(202);

    await page.goto(`${baseURL}/tickets/${await ticketOfLoggedMail(subject)}`);
    await expect(page.getByText(`> Earlier answer ${unique}`).isVisible()).resolves.toBe(false);
    await conversationItem(
      `Routed by the rule “subject starts with TOTAL ${keyword}”: priority Urgent`,
    ).waitFor();

    // The quoted history is folded away until asked for.
    const quoted = page.getByText(`> Earlier answer ${unique}`);
    await conversationItem("Everything is down.")
      .getByRole("button", { name: "Show quoted text" })
      .click();
    await expect(quoted.isVisible()).resolves.toBe(true);

    // Clean up: the rule would route later tests' mail otherwise (it only matches this keyword).
    await page.goto(`${baseURL}/admin/routing-rules`);
    await page.getByRole("button", { name: `Delete the rule “TOTAL ${keyword}”` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete rule" }).click();
    await page
      .getByRole("cell", { name: `TOTAL ${keyword}`, exact: true })
      .waitFor({ state: "detached" });
  });
});

describe("ordering routing rules", () => {
  it("drags a rule above another; the new order is stored", async () => {
    const unique = Date.now();
    const first = `first-${unique}`;
    const second = `second-${unique}`;
    await page.goto(`${baseURL}/admin/routing-rules`);
    for (const keyword of [first, second]) {
      await page.getByLabel("Subject text").fill(keyword);
      await page.getByLabel("Set priority").selectOption("low");
      await page.getByRole("button", { name: "Add rule" }).click();
      await page.getByRole("cell", { name: keyword, exact: true }).waitFor();
    }
    const rowOf = (keyword: string) =>
      page
        .locator("tbody tr")
        .filter({ has: page.getByRole("cell", { name: keyword, exact: true }) });
    const order = async () => {
      const texts = await page.locator("tbody tr").allTextContents();
      return texts
        .map((text) => (text.includes(first) ? first : text.includes(second) ? second : null))
        .filter(Boolean);
    };
    expect(await order()).toEqual([first, second]);

    // Onto the upper half of the first rule's row: before it.
    await rowOf(second)
      .locator('[title^="Drag to reorder"]')
      .dragTo(rowOf(first), { targetPosition: { x: 40, y: 3 } });
    // Shown at once, then stored: a reload (once the server has placed it) keeps it.
    await expectEventually(async () => (await order()).join(" "), `${second} ${first}`);
    await until(async () => {
      await page.reload();
      await rowOf(first).waitFor();
      return (await order()).join(" ") === `${second} ${first}`;
    }, "the dragged order after a reload");

    // Clean up: these rules would route later tests' mail otherwise.
    for (const keyword of [first, second]) {
      await page.getByRole("button", { name: `Delete the rule “${keyword}”` }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Delete rule" }).click();
      await page.getByRole("cell", { name: keyword, exact: true }).waitFor({ state: "detached" });
    }
  });
});

describe("moving a message", () => {
  it("moves a note to another ticket; both tickets say so", async () => {
    const unique = Date.now();
    const target = await createTicket(`Move target ${unique}`);
    const source = await createTicket(`Move source ${unique}`);
    const note = `This belongs on the other ticket ${unique}`;
    await page.getByRole("radio", { name: "Internal note" }).click();
    await page.getByLabel("Message", { exact: true }).fill(note);
    await page.getByRole("button", { name: "Add note" }).click();
    await conversationItem(note).first().waitFor();

    await conversationItem(note)
      .getByRole("button", { name: /^Move or split/ })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Move to ticket").fill(target);
    await dialog.getByRole("button", { name: "Move message" }).click();
    await conversationItem(`moved an internal note to ${target}`).waitFor();
    expect(await conversationItem(note).count()).toBe(0);

    await page.goto(`${baseURL}/tickets/${target}`);
    await conversationItem(note).first().waitFor();
    await conversationItem(`moved an internal note here from ${source}`).waitFor();

    // Split it off again: the console follows it to its new ticket.
    await conversationItem(note)
      .getByRole("button", { name: /^Move or split/ })
      .click();
    await page
      .getByRole("dialog")
      .getByLabel("Or split it into a new ticket")
      .fill(`Split ${unique}`);
    await page.getByRole("dialog").getByRole("button", { name: "Split into new ticket" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(`/${target}`));
    await page.getByRole("heading", { level: 1, name: `Split ${unique}` }).waitFor();
    await conversationItem(note).first().waitFor();
    await conversationItem(`split this ticket off ${target}`).waitFor();
  });
});
