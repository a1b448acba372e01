import Link from "next/link";
import type { ReactNode } from "react";
import { LifeBuoy } from "lucide-react";
import { ConsoleNav } from "@/components/console/console-nav";
import { NotificationBell } from "@/components/console/notification-bell";
import { UserMenu } from "@/components/console/user-menu";
import { ThemeToggle } from "@/components/theme-toggle";
import { can } from "@/lib/auth/permissions";
import { getSessionActor } from "@/lib/auth/session";
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { countUnreadNotifications } from "@/lib/notifications/notifications";

// Every page below checks its own permission (with a return address for sign-in); the shell only
// renders for a signed-in user and otherwise lets the page redirect.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await getSessionActor();
  if (!actor || actor.type !== "user") return children;

  const items = [{ href: "/tickets", label: "Tickets" }];
  if (can(actor, "admin.access")) items.push({ href: "/admin", label: "Admin" });
  if (getEnv().mail.transport.kind === "dev") {
    items.push({ href: "/dev/mailbox", label: "Dev mailbox" });
  }

  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-40 border-b bg-background/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-4 px-4">
          <Link href="/tickets" className="flex items-center gap-2 font-semibold">
            <LifeBuoy className="size-5 text-primary" aria-hidden />
            Helpdesk
          </Link>
          <ConsoleNav items={items} />
          <div className="ml-auto flex items-center gap-1">
            <NotificationBell initialUnread={await countUnreadNotifications(getDb(), actor)} />
            <ThemeToggle />
            <UserMenu name={actor.name} email={actor.email} role={actor.role} />
          </div>
        </div>
      </header>
      <div className="mx-auto w-full max-w-screen-2xl flex-1 px-4 py-6">{children}</div>
    </div>
  );
}
