/**
 * The inbox as an agent uses it: token search with chips, presets, saved views, bulk update of
 * selected rows, column choice, keyboard navigation and bad URLs. Each test works on tickets it
 * creates through the REST API, tagged with a tag unique to this run, so other files' tickets and
 * the demo data do not matter.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoCredentials } from "@/db/seed/demo";
import { baseURL, expectEventually, launchBrowser, signIn } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    apiToken: string;
  }
}

const admin = demoCredentials.find((c) => c.role === "admin")!;
const apiToken = inject("apiToken");
const runId = Date.now().toString(36);

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

let sequence = 0;

/** Creates tickets through the REST API with a tag of their own; returns the tag and refs. */
async function createTickets(
  count: number,
  fields: { priority?: string } = {},
): Promise<{ tag: string; refs: string[] }> {
  const tag = `inbox-${runId}-${++sequence}`;
  const refs: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${baseURL}/api/v1/tickets`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        subject: `Inbox check ${runId} ${sequence}.${i}`,
        body: "Created by the inbox end-to-end test.",
        requester: { email: `inbox-${runId}@example.test`, name: "Ines Inbox" },
        priority: fields.priority ?? "low",
        tags: [tag],
      }),
    });
    expect(response.status).toBe(201);
    refs.push(((await response.json()) as { ref: string }).ref);
  }
  return { tag, refs };
}

const searchInput = () => page.getByRole("combobox", { name: "Search tickets" });
const chips = () =>
  page.getByRole("list", { name: "Search filters" }).getByRole("listitem").allTextContents();
const rowRefs = () =>
  page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-ticket")));
const cellTexts = (column: string) =>
  page.locator(`tbody td[data-column="${column}"]`).allTextContents();

/** Starts from an empty search (the default view has a filter of its own) and runs `query`. */
async function search(query: string) {
  await page.goto(`${baseURL}/tickets?q=`);
  await searchInput().fill(query);
  await searchInput().press("Enter");
  await page.waitForURL((url) => url.searchParams.get("q") === query);
  // The new list has rendered once the first filter shows as a chip.
  await page.getByRole("button", { name: `Remove filter ${query.split(" ")[0]}` }).waitFor();
}

describe("inbox", () => {
  it("filters by tokens shown as chips, reports unknown ones inline and removes a chip", async () => {
    const { tag, refs } = await createTickets(3);

    await search(`tag:${tag} colour:blue priority:low`);
    await expect(chips()).resolves.toEqual([`tag:${tag}`, "colour:blue", "priority:low"]);
    // The unknown filter is explained under the bar; the rest of the query still runs.
    await page
      .getByRole("list", { name: "Search problems" })
      .getByText('Unknown filter "colour:"', { exact: false })
      .waitFor();
    await expect(rowRefs()).resolves.toHaveLength(3);
    expect(new Set(await rowRefs())).toEqual(new Set(refs));
    expect(await cellTexts("priority")).toEqual(["Low", "Low", "Low"]);

    await page.getByRole("button", { name: "Remove filter colour:blue" }).click();
    await page.waitForURL((url) => url.searchParams.get("q") === `tag:${tag} priority:low`);
    await expectEventually(() => page.getByRole("list", { name: "Search problems" }).count(), 0);

    // The query round-trips through the URL: a shared link shows the same list.
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    await expect(
      other.getByRole("list", { name: "Search filters" }).getByRole("listitem").allTextContents(),
    ).resolves.toEqual([`tag:${tag}`, "priority:low"]);
    await expect(other.locator("tbody tr").count()).resolves.toBe(3);
    await other.close();
  });

  it("opens a preset view with its filters applied", async () => {
    const { refs } = await createTickets(1, { priority: "urgent" });
    await page
      .getByRole("navigation", { name: "Ticket views" })
      .getByRole("link", { name: /^Urgent unassigned/ })
      .click();
    await page.waitForURL(/view=urgent-unassigned/);
    await page.locator(`tbody tr[data-ticket="${refs[0]}"]`).waitFor();
    await expect(chips()).resolves.toEqual(["priority:urgent", "assignee:none", "status:active"]);
    const priorities = await cellTexts("priority");
    expect(priorities.length).toBeGreaterThan(0);
    expect(priorities.every((p) => p === "Urgent")).toBe(true);
    const assignees = await cellTexts("assignee");
    expect(assignees.every((a) => a === "Unassigned")).toBe(true);
  });

  it("saves the current search as a view and reopens it from the rail", async () => {
    const { tag, refs } = await createTickets(2);
    await search(`tag:${tag}`);
    await page.getByRole("button", { name: "Save view" }).click();
    await page.getByLabel("View name").fill(`Mine ${runId}`);
    await page.getByRole("dialog").getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/view=saved-\d+/);

    await page.goto(`${baseURL}/tickets`);
    const saved = page
      .getByRole("region", { name: "Saved views" })
      .getByRole("link", { name: new RegExp(`^Mine ${runId}`) });
    await saved.click();
    await page.waitForURL(/view=saved-\d+/);
    await page.getByRole("button", { name: `Remove filter tag:${tag}` }).waitFor();
    await expectEventually(() => saved.getAttribute("aria-current"), "page");
    await expect(chips()).resolves.toEqual([`tag:${tag}`]);
    await expect(rowRefs()).resolves.toHaveLength(2);
    expect(new Set(await rowRefs())).toEqual(new Set(refs));
  });

  it("bulk-updates the priority of three selected tickets", async () => {
    const { tag, refs } = await createTickets(4);
    await search(`tag:${tag}`);
    const chosen = refs.slice(0, 3);
    for (const ref of chosen)
      await page.getByRole("checkbox", { name: `Select ${ref}`, exact: true }).click();
    await page.getByText("3 selected").waitFor();

    await page.getByRole("button", { name: "Update…" }).click();
    const dialog = page.getByRole("dialog", { name: "Update 3 tickets" });
    await dialog.getByLabel("Priority").selectOption("high");
    await dialog.getByRole("button", { name: "Update 3 tickets" }).click();
    await page.getByText("Updated 3 tickets.").waitFor();

    const priorityOf = (ref: string) =>
      page.locator(`tbody tr[data-ticket="${ref}"] td[data-column="priority"]`).textContent();
    for (const ref of chosen) await expectEventually(() => priorityOf(ref), "High");
    await expect(priorityOf(refs[3]!)).resolves.toBe("Low");
  });

  it("keeps the agent's column choice", async () => {
    const { tag } = await createTickets(1);
    await search(`tag:${tag}`);
    await expect(page.locator('tbody td[data-column="tags"]').count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("checkbox", { name: "Tags" }).click();
    await page.locator('tbody td[data-column="tags"]').getByText(tag).waitFor();
    await page.keyboard.press("Escape");
    // Saved on the server: still shown after a reload.
    await expectEventually(async () => {
      await page.reload();
      return page.locator('tbody td[data-column="tags"]').count();
    }, 1);
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("checkbox", { name: "Tags" }).click();
    await page.keyboard.press("Escape");
    await expectEventually(async () => {
      await page.reload();
      return page.locator('tbody td[data-column="tags"]').count();
    }, 0);
  });

  it("moves with j/k, selects with x and opens with Enter; the opened ticket is no longer unread", async () => {
    const { tag } = await createTickets(3);
    await search(`tag:${tag}`);
    const refs = (await rowRefs()) as string[];
    const focusedRef = () =>
      page.locator('tbody tr[data-focused="true"]').getAttribute("data-ticket");

    await page.getByRole("heading", { level: 1 }).click();
    await page.keyboard.press("j");
    await expectEventually(focusedRef, refs[0]!);
    await page.keyboard.press("j");
    await expectEventually(focusedRef, refs[1]!);
    await page.keyboard.press("k");
    await expectEventually(focusedRef, refs[0]!);
    await page.keyboard.press("x");
    await expectEventually(
      () =>
        page
          .getByRole("checkbox", { name: `Select ${refs[0]}`, exact: true })
          .getAttribute("aria-checked"),
      "true",
    );
    await page.getByText("1 selected").waitFor();

    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor({ state: "hidden" });
    await page.keyboard.press("/");
    await expectEventually(() => page.evaluate(() => document.activeElement?.id), "inbox-search");
    await page.getByRole("heading", { level: 1 }).click();

    const list = page.url();
    await expect(
      page.locator(`tbody tr[data-ticket="${refs[0]}"]`).getAttribute("data-unread"),
    ).resolves.toBe("true");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseURL}/tickets/${refs[0]}`);
    await page.goto(list);
    await expect(
      page.locator(`tbody tr[data-ticket="${refs[0]}"]`).getAttribute("data-unread"),
    ).resolves.toBe(null);
    await expect(
      page.locator(`tbody tr[data-ticket="${refs[1]}"]`).getAttribute("data-unread"),
    ).resolves.toBe("true");
  });

  it("answers a garbage cursor and an unknown sort without an error page", async () => {
    const response = await page.goto(`${baseURL}/tickets?q=&cursor=not-a-cursor`);
    expect(response?.status()).toBe(200);
    await page.getByRole("alert").filter({ hasText: "The page cursor is not valid." }).waitFor();
    await page.getByRole("link", { name: "Go to the first page" }).click();
    await page.waitForURL((url) => !url.searchParams.has("cursor"));
    await expect(page.locator("tbody tr").count()).resolves.toBeGreaterThan(0);

    const sorted = await page.goto(`${baseURL}/tickets?q=&sort=subject`);
    expect(sorted?.status()).toBe(200);
    await expect(page.locator("tbody tr").count()).resolves.toBeGreaterThan(0);
  });
});
