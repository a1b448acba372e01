"use client";

/**
 * A date in the viewer's own time zone. The server cannot know that zone, so it renders UTC (and
 * says so); after hydration the browser shows local time. useSyncExternalStore makes the switch
 * without a hydration mismatch.
 */
import { useSyncExternalStore } from "react";

const localFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const utcFormat = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const noSubscription = () => () => {};

export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const date = new Date(iso);
  const text = useSyncExternalStore(
    noSubscription,
    () => localFormat.format(date),
    () => `${utcFormat.format(date)} UTC`,
  );
  return (
    <time dateTime={iso} className={className} title={date.toISOString()}>
      {text}
    </time>
  );
}
