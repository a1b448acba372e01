import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoCredentials } from "@/db/seed/demo";
import { makePng } from "../helpers/png";
import { baseURL, expectEventually, launchBrowser, signIn } from "./browser";

const admin = demoCredentials.find((c) => c.role === "admin")!;
const bob = demoCredentials.find((c) => c.email.startsWith("bob"))!;

const png = makePng(2, 2);

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

async function createTicket(subject: string, email: string): Promise<string> {
  await page.goto(`${baseURL}/tickets/new`);
  await page.getByLabel("Requester email").fill(email);
  await page.getByLabel("Requester name").fill("Erin Example");
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Description").fill("The export button does nothing since yesterday.");
  await page.getByLabel("Priority").selectOption("high");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await page.waitForURL(/\/tickets\/TKT-\d{3,}$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

function conversationItem(text: string) {
  return page.getByRole("list", { name: "Conversation" }).locator("li").filter({ hasText: text });
}

async function send(kind: "Internal note" | "Public reply", body: string, status?: string) {
  await page.getByRole("radio", { name: kind }).click();
  await page.getByLabel("Message", { exact: true }).fill(body);
  if (status) await page.getByLabel("Then set status").selectOption({ label: `and set ${status}` });
  await page
    .getByRole("button", { name: kind === "Internal note" ? "Add note" : "Send reply" })
    .click();
  await conversationItem(body).first().waitFor();
}

describe("working a ticket in the console", () => {
  it("creates a ticket, replies, notes with an @mention that the agent sees, and moves it through the statuses", async () => {
    const ref = await createTicket("Export button does nothing", "erin@example.org");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Export button does nothing",
    );
    await conversationItem("created the ticket on behalf of Erin Example (Phone)").waitFor();

    await send("Public reply", "Thanks Erin, we are looking into it.", "Pending");
    // The reply goes out through the outbox; with no mail provider configured it lands in the
    // dev mailbox, addressed to the requester, threaded by the ticket reference.
    const mailbox = await context.newPage();
    await mailbox.goto(`${baseURL}/dev/mailbox`);
    const mail = mailbox.getByRole("link", { name: `[${ref}] Export button does nothing` });
    await mail.waitFor();
    await mail.click();
    await mailbox.getByText("erin@example.org").first().waitFor();
    await mailbox.getByText("Thanks Erin, we are looking into it.").first().waitFor();
    await mailbox.close();
    await conversationItem("changed the status from Open to Pending").waitFor();
    await expect(page.getByLabel("Status", { exact: true }).inputValue()).resolves.toBe("pending");

    await send("Internal note", "@bob could you check the export worker logs?");
    const note = conversationItem("@bob could you check");
    await expect(note.getAttribute("data-kind")).resolves.toBe("note");

    // Claim: assigned to me and In Progress.
    await page.getByRole("button", { name: "Assign to me" }).click();
    await conversationItem("Ada Admin claimed the ticket").waitFor();
    await expect(page.getByLabel("Status", { exact: true }).inputValue()).resolves.toBe(
      "in_progress",
    );

    // An illegal change is refused with the machine's reason; the field snaps back.
    await page.getByLabel("Status", { exact: true }).selectOption("closed");
    await conversationItem("changed the status from In Progress to Closed").waitFor();
    await expect(
      page.getByText("Closed tickets can no longer be written on.").count(),
    ).resolves.toBe(1);
    await expect(page.getByLabel("Status", { exact: true }).isDisabled()).resolves.toBe(true);

    // Bob sees the mention in his notifications.
    const bobContext = await browser.newContext();
    const bobPage = await bobContext.newPage();
    await signIn(bobPage, bob.email, bob.password);
    await bobPage.waitForURL(`${baseURL}/tickets`);
    const bell = bobPage.getByRole("button", { name: /Notifications \(\d+ unread\)/ });
    await bell.click();
    const mention = bobPage
      .getByRole("list", { name: "Notifications list" })
      .getByText(`Ada Admin mentioned you on ${ref}`);
    await mention.waitFor();
    await mention.click();
    await bobPage.waitForURL(`${baseURL}/tickets/${ref}`);
    await bobContext.close();
  });

  it("keeps what was typed when the requester address is refused, and ties the error to the field", async () => {
    await page.goto(`${baseURL}/tickets/new`);
    await page.getByLabel("Requester email").fill("not-an-address");
    await page.getByLabel("Subject").fill("Typed once");
    await page.getByLabel("Description").fill("Still here after the error.");
    await page.getByRole("button", { name: "Create ticket" }).click();
    const email = page.getByLabel("Requester email");
    await expectEventually(() => email.getAttribute("aria-invalid"), "true");
    const describedBy = await email.getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    const error = (await page.locator(`[id="${describedBy}"]`).textContent()) ?? "";
    expect(error.length).toBeGreaterThan(0);
    expect(new URL(page.url()).pathname).toBe("/tickets/new");
    expect(await page.getByLabel("Subject").inputValue()).toBe("Typed once");
    expect(await page.getByLabel("Description").inputValue()).toBe("Still here after the error.");
  });

  it("refuses In Progress without an assignee with the reason", async () => {
    await createTicket("Cannot change avatar", "frank@example.org");
    await page.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await page.getByRole("alert").filter({ hasText: "claim it or assign it first" }).waitFor();
    await expect(page.getByLabel("Status", { exact: true }).inputValue()).resolves.toBe("open");
  });

  it("uploads an image with a note and previews it inline", async () => {
    await createTicket("Screenshot of the error", "gina@example.org");
    await page
      .locator('section[aria-label="Composer"] input[type=file]')
      .setInputFiles({ name: "error.png", mimeType: "image/png", buffer: png });
    await page.getByRole("button", { name: "Remove error.png" }).waitFor();
    await page
      .getByLabel("Message", { exact: true })
      .fill("Screenshot from the customer attached.");
    await page.getByRole("button", { name: "Add note" }).click();
    const image = conversationItem("Screenshot from the customer attached.").getByRole("img", {
      name: "error.png",
    });
    await image.waitFor();
    // The browser decodes the preview: a broken or wrong-typed response would leave it at 0×0.
    await expect(
      image.evaluate(async (img: HTMLImageElement) => {
        if (!img.complete) {
          await new Promise((resolve) => {
            img.addEventListener("load", resolve, { once: true });
            img.addEventListener("error", resolve, { once: true });
          });
        }
        return img.naturalWidth;
      }),
    ).resolves.toBe(2);
    const src = await image.getAttribute("src");
    const response = await page.request.get(`${baseURL}${src}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  });

  it("merges one ticket into another", async () => {
    const target = await createTicket("Invoice missing VAT number", "hana@example.org");
    const source = await createTicket("VAT number not on invoice", "hana@example.org");
    await page.getByRole("button", { name: "Merge…" }).click();
    await page.getByLabel("Merge into ticket").fill(target);
    await page.getByRole("button", { name: "Merge", exact: true }).click();
    await page.waitForURL(`${baseURL}/tickets/${target}`);
    await conversationItem(
      `merged ${source} (“VAT number not on invoice”) into this ticket`,
    ).waitFor();
    await page.goto(`${baseURL}/tickets/${source}`);
    await page.getByText(`This ticket was merged into ${target}`).waitFor();
  });

  it("logs time and invites a participant from the sidebar", async () => {
    await createTicket("Bulk import stuck at 99%", "ivan@example.org");
    await page.getByLabel("Minutes").fill("25");
    await page.getByRole("button", { name: "Log time" }).click();
    await page.getByText("Total 25 min").waitFor();
    await page.getByLabel("Invite agent").selectOption({ label: "Bob Agent" });
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await page.getByRole("button", { name: "Remove Bob Agent" }).waitFor();
    await conversationItem("Ada Admin invited Bob Agent to the ticket").waitFor();
  });

  it("supports keyboard shortcuts: ? lists them, n opens a note, i claims", async () => {
    await createTicket("Keyboard user", "jo@example.org");
    await page.locator("body").click();
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    await page.keyboard.press("n");
    await expectEventually(
      () => page.getByRole("radio", { name: "Internal note" }).getAttribute("aria-checked"),
      "true",
    );
    await expectEventually(
      () => page.evaluate(() => document.activeElement?.getAttribute("aria-label")),
      "Message",
    );
    await page.locator("body").click();
    await page.keyboard.press("i");
    await conversationItem("Ada Admin claimed the ticket").waitFor();
  });
});
