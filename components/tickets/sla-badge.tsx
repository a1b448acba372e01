"use client";

/**
 * A ticket's SLA as a coloured countdown. The server renders it as of its own clock; after
 * hydration the browser takes over and re-renders every 30 seconds. useSyncExternalStore makes the
 * switch without a hydration mismatch (see components/ui/local-time.tsx).
 */
import { useSyncExternalStore } from "react";
import { Badge } from "@/components/ui/badge";
import type { SlaState } from "@/lib/sla/engine";
import { describeSla } from "@/lib/sla/sla-text";
import { cn } from "@/lib/utils";

const TICK_MS = 30_000;

let clientNow = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    clientNow = Date.now();
    timer = setInterval(() => {
      clientNow = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const stateStyles: Record<SlaState, string> = {
  ok: "border-emerald-300 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  at_risk:
    "border-amber-300 bg-amber-50 text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200",
  breached:
    "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200",
  paused:
    "border-slate-300 bg-slate-100 text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300",
  met: "border-zinc-300 bg-zinc-100 text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400",
  none: "",
};

export function SlaBadge({
  state,
  dueAt,
  serverNow,
}: {
  state: SlaState | null;
  /** ISO time of the nearest running due time. */
  dueAt: string | null;
  /** ISO time the server rendered at, so the first client render matches it. */
  serverNow: string;
}) {
  const nowMs = useSyncExternalStore(
    subscribe,
    () => clientNow,
    () => Date.parse(serverNow),
  );
  const shown = describeSla(state, dueAt ? new Date(dueAt) : null, nowMs);
  if (!shown) return null;
  return (
    <Badge className={cn(stateStyles[shown.state])} title={dueAt ?? undefined}>
      <span className="sr-only">SLA: </span>
      {shown.text}
    </Badge>
  );
}
