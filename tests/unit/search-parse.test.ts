/** The inbox search language without a database: tokens, ranges, quoting, negation and problems. */
import { describe, expect, it } from "vitest";
import {
  MAX_QUERY_LENGTH,
  parseDateRange,
  parseSearch,
  quoteValue,
  removeTerm,
  tokenize,
} from "@/lib/tickets/search/parse";

const now = new Date("2026-03-15T10:30:00Z");
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("tokenize", () => {
  it("splits on spaces and keeps quoted parts together, also after key:", () => {
    expect(tokenize(`status:open "card declined" assignee:"Ann Lee" -tag:vip  refund`)).toEqual([
      "status:open",
      '"card declined"',
      'assignee:"Ann Lee"',
      "-tag:vip",
      "refund",
    ]);
  });

  it("keeps an unterminated quote as one term instead of failing", () => {
    expect(tokenize(`tag:"half open`)).toEqual([`tag:"half open`]);
  });
});

describe("parseSearch: every key", () => {
  it("status, with aliases and comma alternatives", () => {
    expect(parseSearch("status:open,pending", now).terms).toEqual([
      { key: "status", negated: false, raw: "status:open,pending", values: ["open", "pending"] },
    ]);
    expect(parseSearch("status:active", now).terms[0]).toMatchObject({
      values: ["open", "pending", "in_progress", "on_hold"],
    });
    expect(parseSearch("status:in-progress", now).terms[0]).toMatchObject({
      values: ["in_progress"],
    });
    expect(parseSearch("status:solved", now).terms[0]).toMatchObject({ values: ["resolved"] });
    expect(parseSearch("STATUS:Closed", now).terms[0]).toMatchObject({ values: ["closed"] });
  });

  it("priority and channel accept exactly their enum values", () => {
    expect(parseSearch("priority:urgent,high channel:email", now).terms).toEqual([
      { key: "priority", negated: false, raw: "priority:urgent,high", values: ["urgent", "high"] },
      { key: "channel", negated: false, raw: "channel:email", values: ["email"] },
    ]);
  });

  it("name keys keep the typed values for the resolver", () => {
    const { terms } = parseSearch(
      `category:billing assignee:me team:mine tag:vip,"big deal" requester:acme.com`,
      now,
    );
    expect(terms).toEqual([
      { key: "category", negated: false, raw: "category:billing", values: ["billing"] },
      { key: "assignee", negated: false, raw: "assignee:me", values: ["me"] },
      { key: "team", negated: false, raw: "team:mine", values: ["mine"] },
      { key: "tag", negated: false, raw: `tag:vip,"big deal"`, values: ["vip", "big deal"] },
      { key: "requester", negated: false, raw: "requester:acme.com", values: ["acme.com"] },
    ]);
  });

  it("sla values and their aliases", () => {
    expect(parseSearch("sla:breached,at_risk", now).terms[0]).toMatchObject({
      key: "sla",
      values: ["breaching", "at-risk"],
    });
    expect(parseSearch("sla:ok,paused,met,none", now).terms[0]).toMatchObject({
      values: ["ok", "paused", "met", "none"],
    });
  });

  it("is: values", () => {
    expect(parseSearch("is:snoozed,Unread is:deleted", now).terms).toEqual([
      { key: "is", negated: false, raw: "is:snoozed,Unread", values: ["snoozed", "unread"] },
      { key: "is", negated: false, raw: "is:deleted", values: ["deleted"] },
    ]);
  });

  it("created and updated become date ranges", () => {
    const { terms } = parseSearch("created:>2026-01-01 updated:last-7d", now);
    expect(terms).toEqual([
      {
        key: "created",
        negated: false,
        raw: "created:>2026-01-01",
        range: { from: day("2026-01-02") },
      },
      {
        key: "updated",
        negated: false,
        raw: "updated:last-7d",
        range: { from: new Date(now.getTime() - 7 * 86_400_000) },
      },
    ]);
  });
});

describe("parseDateRange", () => {
  it("a day, comparisons and an inclusive range are whole UTC days", () => {
    expect(parseDateRange("2026-01-05", now)).toEqual({
      from: day("2026-01-05"),
      to: day("2026-01-06"),
    });
    expect(parseDateRange(">2026-01-05", now)).toEqual({ from: day("2026-01-06") });
    expect(parseDateRange(">=2026-01-05", now)).toEqual({ from: day("2026-01-05") });
    expect(parseDateRange("<2026-01-05", now)).toEqual({ to: day("2026-01-05") });
    expect(parseDateRange("<=2026-01-05", now)).toEqual({ to: day("2026-01-06") });
    expect(parseDateRange("2026-01-01..2026-01-31", now)).toEqual({
      from: day("2026-01-01"),
      to: day("2026-02-01"),
    });
  });

  it("relative ranges count back from now; today and yesterday are UTC days", () => {
    const hour = 3_600_000;
    expect(parseDateRange("last-24h", now)).toEqual({ from: new Date(now.getTime() - 24 * hour) });
    expect(parseDateRange("last-2w", now)).toEqual({
      from: new Date(now.getTime() - 14 * 24 * hour),
    });
    expect(parseDateRange("last-1m", now)).toEqual({
      from: new Date(now.getTime() - 30 * 24 * hour),
    });
    expect(parseDateRange("today", now)).toEqual({ from: day("2026-03-15") });
    expect(parseDateRange("Yesterday", now)).toEqual({
      from: day("2026-03-14"),
      to: day("2026-03-15"),
    });
  });

  it("rejects impossible dates, reversed ranges, zero and unknown forms", () => {
    for (const bad of [
      "2026-02-30",
      "2026-13-01",
      "2026-1-5",
      "2026-01-31..2026-01-01",
      "last-0d",
      "last-7y",
      "lastweek",
      ">>2026-01-01",
      "",
    ]) {
      expect(parseDateRange(bad, now), bad).toBeNull();
    }
  });
});

describe("parseSearch: free text, quoting and negation", () => {
  it("collects words and quoted phrases that are not filters as free text", () => {
    const parsed = parseSearch(`refund "card declined" status:open please`, now);
    expect(parsed.text).toBe(`refund "card declined" please`);
    expect(parsed.terms).toHaveLength(1);
    expect(parsed.problems).toEqual([]);
  });

  it("a leading minus negates a filter", () => {
    expect(parseSearch("-status:closed -assignee:bob", now).terms).toEqual([
      { key: "status", negated: true, raw: "-status:closed", values: ["closed"] },
      { key: "assignee", negated: true, raw: "-assignee:bob", values: ["bob"] },
    ]);
  });

  it("a quoted value keeps its spaces and commas", () => {
    expect(parseSearch(`assignee:"Lee, Ann" team:"Tier 2"`, now).terms).toMatchObject([
      { key: "assignee", values: ["Lee, Ann"] },
      { key: "team", values: ["Tier 2"] },
    ]);
  });
});

describe("parseSearch: problems instead of errors", () => {
  it("an unknown key is a problem naming the known ones, and the rest still runs", () => {
    const parsed = parseSearch("colour:red status:open", now);
    expect(parsed.terms).toHaveLength(1);
    expect(parsed.problems).toEqual([
      { term: "colour:red", message: expect.stringContaining('Unknown filter "colour:"') },
    ]);
    expect(parsed.problems[0]!.message).toContain("status:");
    expect(parsed.text).toBe("");
  });

  it("a bad enum value says what would be valid", () => {
    const parsed = parseSearch(
      "status:sleeping priority:meh channel:pigeon sla:late is:weird",
      now,
    );
    expect(parsed.terms).toEqual([]);
    expect(parsed.problems.map((p) => p.term)).toEqual([
      "status:sleeping",
      "priority:meh",
      "channel:pigeon",
      "sla:late",
      "is:weird",
    ]);
    expect(parsed.problems[0]!.message).toBe(
      `"sleeping" is not a valid status: use one of open, pending, in_progress, on_hold, resolved, closed, active.`,
    );
  });

  it("an invalid date, a date list and an empty value are problems", () => {
    const parsed = parseSearch(`created:2026-02-31 updated:today,yesterday tag: assignee:""`, now);
    expect(parsed.terms).toEqual([]);
    expect(parsed.problems).toEqual([
      { term: "created:2026-02-31", message: expect.stringContaining("not a valid created") },
      { term: "updated:today,yesterday", message: expect.stringContaining("not a valid updated") },
      { term: "tag:", message: expect.stringContaining('"tag:" needs a value') },
      { term: 'assignee:""', message: expect.stringContaining('"assignee:" needs a value') },
    ]);
  });

  it("caps the query length and the number of filters", () => {
    const long = parseSearch("x".repeat(MAX_QUERY_LENGTH + 50), now);
    expect(long.text).toHaveLength(MAX_QUERY_LENGTH);
    expect(long.problems[0]!.message).toContain("too long");

    const many = parseSearch(Array.from({ length: 25 }, () => "status:open").join(" "), now);
    expect(many.terms).toHaveLength(20);
    expect(many.problems).toHaveLength(5);
    expect(many.problems[0]!.message).toContain("At most 20 filters");
  });
});

describe("chips", () => {
  it("removeTerm drops exactly one term and keeps the rest", () => {
    expect(removeTerm(`status:open tag:"big deal" refund`, `tag:"big deal"`)).toBe(
      "status:open refund",
    );
    expect(removeTerm("status:open", "tag:vip")).toBe("status:open");
  });

  it("quoteValue quotes values with spaces or commas so they round-trip", () => {
    expect(quoteValue("Ann Lee")).toBe(`"Ann Lee"`);
    expect(quoteValue("vip")).toBe("vip");
    const query = `assignee:${quoteValue("Lee, Ann")}`;
    expect(parseSearch(query, now).terms[0]).toMatchObject({ values: ["Lee, Ann"] });
  });
});
