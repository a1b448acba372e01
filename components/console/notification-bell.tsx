"use client";

import { Bell } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { listMyNotificationsAction, markNotificationsReadAction } from "@/app/(console)/actions";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { cn } from "@/lib/utils";

type Item = {
  id: number;
  title: string;
  body: string;
  readAt: string | null;
  createdAt: string;
  ticketNumber: number | null;
};

const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** In-app notifications: unread count on the bell, the latest in a popover, opened ones marked read. */
export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  const [seenInitial, setSeenInitial] = useState(initialUnread);
  if (seenInitial !== initialUnread) {
    // The server's count changed (another page revalidated): take it.
    setSeenInitial(initialUnread);
    setUnread(initialUnread);
  }
  const [items, setItems] = useState<Item[] | null>(null);
  const [isPending, startTransition] = useTransition();

  const load = () =>
    startTransition(async () => {
      const result = await listMyNotificationsAction({ limit: 20 });
      if (result.ok) {
        setItems(result.data.items);
        setUnread(result.data.unread);
      }
    });
  const markRead = (ids?: number[]) =>
    startTransition(async () => {
      const result = await markNotificationsReadAction({ ids });
      if (!result.ok) return;
      const now = new Date().toISOString();
      setItems(
        (current) =>
          current?.map((n) =>
            !ids || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n,
          ) ?? null,
      );
      setUnread((n) => (ids ? Math.max(0, n - result.data.marked) : 0));
    });

  return (
    <Popover onOpenChange={(open) => open && load()}>
      <PopoverTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          aria-label={unread > 0 ? `Notifications (${unread} unread)` : "Notifications"}
          className="relative"
        >
          <Bell className="size-4" />
          {unread > 0 ? (
            <span className="absolute -top-0.5 -right-0.5 flex min-w-4 items-center justify-center rounded-full bg-destructive px-1 text-[10px] leading-4 font-semibold text-white">
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-96 p-0">
        <div className="flex items-center justify-between border-b px-3 py-2">
          <span className="text-sm font-medium">Notifications</span>
          <Button
            variant="link"
            size="sm"
            className="h-auto p-0"
            disabled={isPending || unread === 0}
            onClick={() => markRead()}
          >
            Mark all read
          </Button>
        </div>
        <ul className="max-h-96 overflow-y-auto" aria-label="Notifications list">
          {items === null ? (
            <li className="p-4 text-sm text-muted-foreground">Loading…</li>
          ) : items.length === 0 ? (
            <li className="p-4 text-sm text-muted-foreground">Nothing yet.</li>
          ) : (
            items.map((n) => (
              <li key={n.id} className={cn("border-b last:border-0", !n.readAt && "bg-accent/40")}>
                <Link
                  href={n.ticketNumber ? `/tickets/${formatTicketNumber(n.ticketNumber)}` : "#"}
                  onClick={() => !n.readAt && markRead([n.id])}
                  className="block px-3 py-2 hover:bg-muted"
                >
                  <div className="text-sm font-medium">{n.title}</div>
                  {n.body ? (
                    <div className="line-clamp-2 text-xs text-muted-foreground">{n.body}</div>
                  ) : null}
                  <div className="mt-0.5 text-xs text-muted-foreground">
                    {when.format(new Date(n.createdAt))}
                  </div>
                </Link>
              </li>
            ))
          )}
        </ul>
      </PopoverContent>
    </Popover>
  );
}
