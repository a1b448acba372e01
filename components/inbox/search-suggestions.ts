/**
 * Autocomplete for the inbox search bar, kept free of React so it can be tested on its own: given
 * what the agent has typed, the keys (`status:`, `assignee:` …) or the values of the key being typed,
 * each with the text that replaces the token being typed.
 */
import { ticketChannels, ticketPriorities, ticketStatuses } from "@/db/schema/enum-values";
import {
  describeSearchKey,
  isValues,
  quoteValue,
  searchKeys,
  slaFilterValues,
  type SearchKey,
} from "@/lib/tickets/search/parse";

export type SearchValueSuggestions = {
  assignee: string[];
  team: string[];
  category: string[];
  tag: string[];
};

const fixedValues: Partial<Record<SearchKey, readonly string[]>> = {
  status: ["active", ...ticketStatuses],
  priority: ticketPriorities,
  channel: ticketChannels,
  sla: slaFilterValues,
  is: isValues,
  created: ["today", "yesterday", "last-7d", "last-30d"],
  updated: ["today", "yesterday", "last-24h", "last-7d"],
};

export const isTermToken = (token: string) => /^-?[a-z_]+:/i.test(token);

export type Suggestion = { label: string; hint: string; replacement: string };

/** Suggestions for the token being typed at the end of the input. */
export function suggestFor(draft: string, values: SearchValueSuggestions): Suggestion[] {
  const match = /(^|\s)(-?)([^\s"]*)$/.exec(draft);
  if (!match) return [];
  const negation = match[2] ?? "";
  const word = match[3] ?? "";
  const colon = word.indexOf(":");
  if (colon < 0) {
    if (!word) return [];
    return searchKeys
      .filter((key) => key.startsWith(word.toLowerCase()))
      .map((key) => ({
        label: `${negation}${key}:`,
        hint: describeSearchKey(key),
        replacement: `${negation}${key}:`,
      }));
  }
  const key = word.slice(0, colon).toLowerCase() as SearchKey;
  if (!(searchKeys as readonly string[]).includes(key)) return [];
  const typed = word.slice(colon + 1);
  const commaAt = typed.lastIndexOf(",");
  const earlier = commaAt >= 0 ? typed.slice(0, commaAt + 1) : "";
  const partial = (commaAt >= 0 ? typed.slice(commaAt + 1) : typed).toLowerCase();
  const candidates =
    fixedValues[key] ?? (key in values ? values[key as keyof SearchValueSuggestions] : []);
  const chosen = new Set(
    earlier
      .split(",")
      .map((v) => v.replace(/"/g, "").trim().toLowerCase())
      .filter(Boolean),
  );
  return candidates
    .filter((value) => value.toLowerCase().includes(partial) && !chosen.has(value.toLowerCase()))
    .sort(
      (a, b) =>
        Number(!a.toLowerCase().startsWith(partial)) - Number(!b.toLowerCase().startsWith(partial)),
    )
    .slice(0, 8)
    .map((value) => ({
      label: value,
      hint: `${key}:`,
      replacement: `${negation}${key}:${earlier}${quoteValue(value)} `,
    }));
}

/** The input's text after picking `option`: it replaces the token being typed. */
export function applySuggestion(draft: string, option: Suggestion): string {
  return draft.replace(/-?[^\s"]*$/, "") + option.replacement;
}
