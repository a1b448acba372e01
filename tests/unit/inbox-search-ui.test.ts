import { describe, expect, it } from "vitest";
import { applySuggestion, suggestFor } from "@/components/inbox/search-suggestions";
import { inboxHref, exportHref, nextSort } from "@/lib/tickets/inbox-url";

const values = {
  assignee: ["me", "none", "Alice Agent", "Bob Agent"],
  team: ["mine", "none", "Support"],
  category: ["Billing", "Technical"],
  tag: ["vip", "refund"],
};

describe("search bar autocomplete", () => {
  it("offers keys for a partial word, keeping a negation", () => {
    expect(suggestFor("refund st", values).map((s) => s.label)).toEqual(["status:"]);
    expect(suggestFor("-t", values).map((s) => s.replacement)).toEqual(["-team:", "-tag:"]);
    expect(suggestFor("", values)).toEqual([]);
    expect(suggestFor("refund ", values)).toEqual([]);
  });

  it("offers a key's values, quoting names with spaces, after earlier alternatives", () => {
    expect(suggestFor("priority:", values).map((s) => s.label)).toEqual([
      "urgent",
      "high",
      "medium",
      "low",
    ]);
    const agents = suggestFor("assignee:ag", values);
    expect(agents.map((s) => s.replacement)).toEqual([
      'assignee:"Alice Agent" ',
      'assignee:"Bob Agent" ',
    ]);
    expect(applySuggestion("refund assignee:ag", agents[1]!)).toBe('refund assignee:"Bob Agent" ');
    const second = suggestFor("status:open,pen", values);
    expect(second.map((s) => s.replacement)).toEqual(["status:open,pending "]);
    expect(suggestFor("colour:", values)).toEqual([]);
  });
});

describe("inbox URLs", () => {
  it("keeps an empty search distinct from no search, and builds export links", () => {
    expect(inboxHref({})).toBe("/tickets");
    expect(inboxHref({ q: "" })).toBe("/tickets?q=");
    expect(
      inboxHref({ view: "mine.open", q: "assignee:me", sort: "-updated", cursor: "abc" }),
    ).toBe("/tickets?view=mine.open&q=assignee%3Ame&sort=-updated&cursor=abc");
    expect(exportHref("csv", { q: "tag:vip", sort: "number" }, true)).toBe(
      "/tickets/export?format=csv&q=tag%3Avip&sort=number&bom=1",
    );
    expect(exportHref("pdf", { q: "" }, true)).toBe("/tickets/export?format=pdf");
  });

  it("sorts a column in its natural direction first, then flips it", () => {
    expect(nextSort("updated", "relevance")).toBe("-updated");
    expect(nextSort("updated", "-updated")).toBe("updated");
    expect(nextSort("updated", "updated")).toBe("-updated");
    expect(nextSort("priority", "-updated")).toBe("priority");
    expect(nextSort("priority", "priority")).toBe("-priority");
    expect(nextSort("due", "due")).toBe("-due");
    expect(nextSort("subject", "-updated")).toBe(null);
  });
});
