"use client";

/**
 * The inbox's token search bar: the applied filters as removable chips, an input for free text and
 * new `key:value` terms with autocomplete of keys and their values, and the problems the server found
 * in the query shown inline under the bar. Submitting navigates, so the query lives in the URL.
 */
import { Search, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { parseSearch, tokenize, type SearchProblem } from "@/lib/tickets/search/parse";
import { inboxHref } from "@/lib/tickets/inbox-url";
import { cn } from "@/lib/utils";
import {
  applySuggestion,
  isTermToken,
  suggestFor,
  type SearchValueSuggestions,
  type Suggestion,
} from "./search-suggestions";

export type { SearchValueSuggestions };

export const SEARCH_INPUT_ID = "inbox-search";

export function SearchBar({
  query,
  sort,
  problems,
  suggestions,
}: {
  /** The applied query, from the URL. */
  query: string;
  sort?: string;
  problems: SearchProblem[];
  suggestions: SearchValueSuggestions;
}) {
  const router = useRouter();
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const tokens = useMemo(() => tokenize(query), [query]);
  const chips = tokens.filter(isTermToken);
  const [draft, setDraft] = useState(() => tokens.filter((t) => !isTermToken(t)).join(" "));
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const options = open ? suggestFor(draft, suggestions) : [];
  const problemTerms = new Set(problems.map((p) => p.term));
  const parsedTerms = useMemo(() => parseSearch(query).terms, [query]);

  const go = (nextQuery: string) =>
    router.push(inboxHref({ q: nextQuery.trim().replace(/\s+/g, " "), sort }));
  const submit = () => go([...chips, draft].join(" "));
  const removeChip = (index: number) =>
    go([...chips.filter((_, i) => i !== index), draft].join(" "));
  const pick = (option: Suggestion) => {
    setDraft((current) => applySuggestion(current, option));
    setActive(-1);
    inputRef.current?.focus();
  };

  // `/` focuses the search from anywhere on the page, unless the agent is typing somewhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target;
      if (
        target instanceof HTMLElement &&
        (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
      )
        return;
      if (document.querySelector("[role=dialog], [role=alertdialog]")) return;
      event.preventDefault();
      inputRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const describeChip = (raw: string) => {
    const term = parsedTerms.find((t) => t.raw === raw);
    return term ? `${term.negated ? "not " : ""}${term.key}` : "filter";
  };

  return (
    <div className="flex flex-col gap-1">
      <form
        role="search"
        className="flex min-h-10 flex-wrap items-center gap-1.5 rounded-md border border-input bg-background px-2 py-1 shadow-xs focus-within:ring-2 focus-within:ring-ring"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Search className="size-4 text-muted-foreground" aria-hidden />
        <ul aria-label="Search filters" className="flex flex-wrap items-center gap-1.5">
          {chips.map((chip, index) => (
            <li
              key={`${chip}-${index}`}
              className={cn(
                "inline-flex items-center gap-1 rounded-full border px-2 py-0.5 font-mono text-xs",
                problemTerms.has(chip)
                  ? "border-destructive/50 bg-destructive/10 text-destructive"
                  : "bg-muted",
              )}
              title={problemTerms.has(chip) ? "Not applied" : describeChip(chip)}
            >
              <span>{chip}</span>
              <button
                type="button"
                className="rounded-full p-0.5 hover:bg-background"
                aria-label={`Remove filter ${chip}`}
                onClick={() => removeChip(index)}
              >
                <X className="size-3" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
        <div className="relative min-w-48 flex-1">
          <input
            ref={inputRef}
            id={SEARCH_INPUT_ID}
            type="search"
            role="combobox"
            aria-label="Search tickets"
            aria-autocomplete="list"
            aria-expanded={options.length > 0}
            aria-controls={listId}
            aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder={
              chips.length
                ? "Add a filter or text…"
                : "Search: status:open assignee:me refund…  ( / )"
            }
            className="h-8 w-full bg-transparent text-sm outline-none placeholder:text-muted-foreground"
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              setOpen(true);
              setActive(-1);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown" && options.length) {
                e.preventDefault();
                setActive((i) => (i + 1) % options.length);
              } else if (e.key === "ArrowUp" && options.length) {
                e.preventDefault();
                setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
              } else if ((e.key === "Enter" || e.key === "Tab") && active >= 0 && options[active]) {
                e.preventDefault();
                pick(options[active]);
              } else if (e.key === "Escape") {
                if (options.length) {
                  e.preventDefault();
                  setOpen(false);
                } else inputRef.current?.blur();
              } else if (e.key === "Backspace" && draft === "" && chips.length) {
                e.preventDefault();
                removeChip(chips.length - 1);
              }
            }}
          />
          {options.length > 0 ? (
            <ul
              id={listId}
              role="listbox"
              aria-label="Suggestions"
              className="absolute top-full left-0 z-50 mt-1 max-h-72 w-80 overflow-y-auto rounded-md border bg-card p-1 shadow-md"
            >
              {options.map((option, index) => (
                <li
                  key={option.replacement}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  className={cn(
                    "flex cursor-pointer items-baseline justify-between gap-3 rounded-sm px-2 py-1.5 text-sm",
                    index === active && "bg-muted",
                  )}
                  onMouseDown={(e) => {
                    // Keep focus in the input.
                    e.preventDefault();
                    pick(option);
                  }}
                >
                  <span className="font-mono">{option.label}</span>
                  <span className="truncate text-xs text-muted-foreground">{option.hint}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <button type="submit" className="sr-only">
          Search
        </button>
        {chips.length || draft ? (
          <button
            type="button"
            className="rounded-sm px-1 text-xs text-muted-foreground hover:text-foreground"
            onClick={() => {
              setDraft("");
              go("");
            }}
          >
            Clear
          </button>
        ) : null}
      </form>
      {problems.length > 0 ? (
        <ul aria-label="Search problems" className="flex flex-col gap-0.5 text-sm text-destructive">
          {problems.map((problem, index) => (
            <li key={`${problem.term}-${index}`}>
              <span className="font-mono">{problem.term}</span>: {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
