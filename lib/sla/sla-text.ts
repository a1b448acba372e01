/**
 * How the console words a ticket's stored SLA: the state to colour by and a countdown ("due in
 * 45 min", "breached 2 h ago"). Pure and client-safe, so the badge can re-render it every half
 * minute without asking the server.
 */
import type { SlaState } from "./engine";

const MINUTE_MS = 60_000;

function span(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / MINUTE_MS));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 10) return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/**
 * The state and words for a stored state and nearest due time as of `nowMs`. A running clock whose
 * due time has passed since the server computed the state reads as breached. Null: no SLA.
 */
export function describeSla(
  state: SlaState | null,
  dueAt: Date | null,
  nowMs: number,
): { state: SlaState; text: string } | null {
  if (state === null || state === "none") return null;
  if (dueAt) {
    const left = dueAt.getTime() - nowMs;
    if (left <= 0) return { state: "breached", text: `breached ${span(-left)} ago` };
    return { state, text: `due in ${span(left)}` };
  }
  const words: Record<SlaState, string> = {
    ok: "on track",
    at_risk: "at risk",
    breached: "breached",
    paused: "paused",
    met: "met",
    none: "",
  };
  return { state, text: words[state] };
}
