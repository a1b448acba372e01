/**
 * The inbox search language, parsed without touching the database: `status:open,pending
 * assignee:me -tag:vip created:last-7d "card declined" refund`. A query is a list of terms; a term is
 * `key:value[,value…]` (OR within a term, AND between terms), optionally negated with a leading `-`,
 * with `"quoted values"` for spaces. Everything that is not a known `key:` is free text.
 *
 * Parsing never throws: a bad term becomes a problem with a message the search bar shows inline, and
 * the rest of the query still runs without it. Values that name things (assignee, team, category,
 * tag, requester) are resolved against the database in resolve.ts.
 */
import { ticketChannels, ticketPriorities, ticketStatuses } from "@/db/schema/enum-values";

export const searchKeys = [
  "status",
  "priority",
  "category",
  "channel",
  "assignee",
  "team",
  "tag",
  "requester",
  "created",
  "updated",
  "sla",
  "is",
] as const;
export type SearchKey = (typeof searchKeys)[number];

export const slaFilterValues = ["breaching", "at-risk", "ok", "paused", "met", "none"] as const;
export type SlaFilterValue = (typeof slaFilterValues)[number];

export const isValues = ["snoozed", "unassigned", "assigned", "unread", "deleted"] as const;
export type IsValue = (typeof isValues)[number];

/** `active` is shorthand for every status that still needs work. */
export const activeStatuses = ["open", "pending", "in_progress", "on_hold"] as const;

export type DateRange = { from?: Date; to?: Date };

export type SearchTerm =
  | { key: "status"; negated: boolean; raw: string; values: (typeof ticketStatuses)[number][] }
  | { key: "priority"; negated: boolean; raw: string; values: (typeof ticketPriorities)[number][] }
  | { key: "channel"; negated: boolean; raw: string; values: (typeof ticketChannels)[number][] }
  | { key: "sla"; negated: boolean; raw: string; values: SlaFilterValue[] }
  | { key: "is"; negated: boolean; raw: string; values: IsValue[] }
  | { key: "created" | "updated"; negated: boolean; raw: string; range: DateRange }
  | {
      key: "category" | "assignee" | "team" | "tag" | "requester";
      negated: boolean;
      raw: string;
      /** Names as typed; resolved to ids by resolve.ts. */
      values: string[];
    };

export type SearchProblem = { term: string; message: string };

export type ParsedSearch = {
  terms: SearchTerm[];
  /** Free text: words and quoted phrases, for full-text search. */
  text: string;
  problems: SearchProblem[];
};

export const MAX_QUERY_LENGTH = 500;
const MAX_TERMS = 20;

/** Splits a query into raw terms, keeping `"quoted parts"` (also inside `key:"a b"`) together. */
export function tokenize(query: string): string[] {
  const out: string[] = [];
  const pattern = /-?(?:[^\s"]*"[^"]*"?[^\s"]*)+|\S+/g;
  for (const match of query.matchAll(pattern)) out.push(match[0]);
  return out;
}

const unquote = (value: string) => value.replace(/"/g, "").trim();

function splitValues(value: string): string[] {
  // Commas separate alternatives, except inside quotes.
  const values: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      values.push(current.trim());
      current = "";
    } else current += ch;
  }
  values.push(current.trim());
  return values.filter(Boolean);
}

const statusAliases: Record<string, (typeof ticketStatuses)[number][]> = {
  active: [...activeStatuses],
  new: ["open"],
  inprogress: ["in_progress"],
  onhold: ["on_hold"],
  solved: ["resolved"],
};

function normalizeEnumWord(word: string): string {
  return word.toLowerCase().replace(/[\s-]+/g, "_");
}

function enumValues<T extends string>(
  raw: string[],
  allowed: readonly T[],
  aliases: Record<string, T[]> = {},
): { values: T[]; bad: string[] } {
  const values: T[] = [];
  const bad: string[] = [];
  for (const word of raw) {
    const normalized = normalizeEnumWord(word);
    const alias = aliases[normalized.replace(/_/g, "")] ?? aliases[normalized];
    if (alias) values.push(...alias);
    else if ((allowed as readonly string[]).includes(normalized)) values.push(normalized as T);
    else bad.push(word);
  }
  return { values: [...new Set(values)], bad };
}

const DAY_MS = 24 * 60 * 60 * 1000;

function parseDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // Reject 2026-02-31 and friends, which Date.UTC would roll over.
  return date.toISOString().slice(0, 10) === value ? date : null;
}

/**
 * Dates are whole UTC days: `2026-01-01` (that day), `>2026-01-01` (after that day), `>=`, `<`,
 * `<=`, `2026-01-01..2026-01-31` (both inclusive), and relative `last-7d` / `last-24h` / `last-2w`,
 * `today`, `yesterday`.
 */
export function parseDateRange(value: string, now: Date): DateRange | null {
  const v = value.toLowerCase();
  const startOfToday = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  if (v === "today") return { from: startOfToday };
  if (v === "yesterday")
    return { from: new Date(startOfToday.getTime() - DAY_MS), to: startOfToday };
  const relative = /^last-(\d{1,4})([hdwm])$/.exec(v);
  if (relative) {
    const n = Number(relative[1]);
    const unit = { h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS, m: 30 * DAY_MS }[relative[2] as "h"];
    if (n <= 0) return null;
    return { from: new Date(now.getTime() - n * unit) };
  }
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(v);
  if (range) {
    const from = parseDay(range[1]!);
    const to = parseDay(range[2]!);
    if (!from || !to || to < from) return null;
    return { from, to: new Date(to.getTime() + DAY_MS) };
  }
  const compare = /^(>=|<=|>|<)?(\d{4}-\d{2}-\d{2})$/.exec(v);
  if (compare) {
    const day = parseDay(compare[2]!);
    if (!day) return null;
    const next = new Date(day.getTime() + DAY_MS);
    switch (compare[1]) {
      case ">":
        return { from: next };
      case ">=":
        return { from: day };
      case "<":
        return { to: day };
      case "<=":
        return { to: next };
      default:
        return { from: day, to: next };
    }
  }
  return null;
}

const help: Record<SearchKey, string> = {
  status: `one of ${[...ticketStatuses, "active"].join(", ")}`,
  priority: `one of ${ticketPriorities.join(", ")}`,
  category: "a category name",
  channel: `one of ${ticketChannels.join(", ")}`,
  assignee: "me, none, or an agent's name or email",
  team: "mine, none, or a team name",
  tag: "a tag name",
  requester: "part of the requester's name or email",
  created: "a date such as 2026-01-01, >2026-01-01, 2026-01-01..2026-01-31, last-7d or today",
  updated: "a date such as 2026-01-01, >2026-01-01, 2026-01-01..2026-01-31, last-7d or today",
  sla: `one of ${slaFilterValues.join(", ")}`,
  is: `one of ${isValues.join(", ")}`,
};

export function describeSearchKey(key: SearchKey): string {
  return help[key];
}

export function parseSearch(query: string, now: Date = new Date()): ParsedSearch {
  const terms: SearchTerm[] = [];
  const problems: SearchProblem[] = [];
  const text: string[] = [];
  if (query.length > MAX_QUERY_LENGTH) {
    problems.push({
      term: query.slice(0, 20) + "…",
      message: `The search is too long (at most ${MAX_QUERY_LENGTH} characters); the rest was ignored.`,
    });
  }
  for (const raw of tokenize(query.slice(0, MAX_QUERY_LENGTH))) {
    const match = /^(-?)([a-z_]+):(.*)$/i.exec(raw);
    if (!match) {
      text.push(raw);
      continue;
    }
    const negated = match[1] === "-";
    const key = match[2]!.toLowerCase();
    const value = match[3]!;
    if (!(searchKeys as readonly string[]).includes(key)) {
      problems.push({
        term: raw,
        message: `Unknown filter "${key}:". Filters: ${searchKeys.map((k) => `${k}:`).join(" ")}`,
      });
      continue;
    }
    const searchKey = key as SearchKey;
    const values = splitValues(value).map(unquote).filter(Boolean);
    if (values.length === 0) {
      problems.push({ term: raw, message: `"${key}:" needs a value: ${help[searchKey]}.` });
      continue;
    }
    if (terms.length >= MAX_TERMS) {
      problems.push({ term: raw, message: `At most ${MAX_TERMS} filters; "${raw}" was ignored.` });
      continue;
    }
    const invalid = (bad: string[]) =>
      problems.push({
        term: raw,
        message: `"${bad.join(", ")}" is not a valid ${key}: use ${help[searchKey]}.`,
      });

    switch (searchKey) {
      case "status": {
        const { values: v, bad } = enumValues(values, ticketStatuses, statusAliases);
        if (bad.length) invalid(bad);
        else terms.push({ key: searchKey, negated, raw, values: v });
        break;
      }
      case "priority": {
        const { values: v, bad } = enumValues(values, ticketPriorities);
        if (bad.length) invalid(bad);
        else terms.push({ key: searchKey, negated, raw, values: v });
        break;
      }
      case "channel": {
        const { values: v, bad } = enumValues(values, ticketChannels);
        if (bad.length) invalid(bad);
        else terms.push({ key: searchKey, negated, raw, values: v });
        break;
      }
      case "sla": {
        const normalized = values.map((v) => v.toLowerCase().replace(/_/g, "-"));
        const aliases: Record<string, SlaFilterValue> = {
          breached: "breaching",
          "at-risk": "at-risk",
          atrisk: "at-risk",
        };
        const mapped = normalized.map(
          (v) => aliases[v] ?? (slaFilterValues as readonly string[]).find((s) => s === v),
        );
        const bad = values.filter((_, i) => !mapped[i]);
        if (bad.length) invalid(bad);
        else
          terms.push({
            key: searchKey,
            negated,
            raw,
            values: [...new Set(mapped)] as SlaFilterValue[],
          });
        break;
      }
      case "is": {
        const normalized = values.map((v) => v.toLowerCase());
        const bad = values.filter(
          (_, i) => !(isValues as readonly string[]).includes(normalized[i]!),
        );
        if (bad.length) invalid(bad);
        else terms.push({ key: searchKey, negated, raw, values: normalized as IsValue[] });
        break;
      }
      case "created":
      case "updated": {
        if (values.length !== 1) {
          invalid(values);
          break;
        }
        const range = parseDateRange(values[0]!, now);
        if (!range) invalid(values);
        else terms.push({ key: searchKey, negated, raw, range });
        break;
      }
      default:
        terms.push({ key: searchKey, negated, raw, values });
    }
  }
  return { terms, text: text.join(" ").trim(), problems };
}

/** Removes one term (by its raw text) from a query: the chip's ✕ button. */
export function removeTerm(query: string, raw: string): string {
  const parts = tokenize(query);
  const index = parts.indexOf(raw);
  if (index >= 0) parts.splice(index, 1);
  return parts.join(" ");
}

/** Quotes a value for a term when it contains spaces or commas. */
export function quoteValue(value: string): string {
  return /[\s,]/.test(value) ? `"${value.replace(/"/g, "")}"` : value;
}
