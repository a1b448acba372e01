"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const items = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/people", label: "People" },
  { href: "/admin/teams", label: "Teams" },
  { href: "/admin/categories", label: "Categories" },
  { href: "/admin/tags", label: "Tags" },
  { href: "/admin/custom-fields", label: "Custom fields" },
  { href: "/admin/canned-responses", label: "Canned responses" },
  { href: "/admin/mailboxes", label: "Mailboxes" },
  { href: "/admin/routing-rules", label: "Routing rules" },
  { href: "/admin/sla", label: "SLA policies" },
  { href: "/admin/api-tokens", label: "API tokens" },
  { href: "/admin/email-log", label: "Email log" },
  { href: "/admin/notifications", label: "Notifications" },
  { href: "/admin/email-templates", label: "Email templates" },
  { href: "/admin/settings", label: "Settings" },
];

export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin sections" className="md:w-48 md:shrink-0">
      <ul className="flex gap-1 overflow-x-auto border-b pb-2 md:flex-col md:border-b-0 md:pb-0">
        {items.map((item) => {
          const isActive =
            item.href === "/admin"
              ? pathname === "/admin"
              : pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={isActive ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-1.5 text-sm whitespace-nowrap text-muted-foreground transition-colors hover:bg-muted hover:text-foreground",
                  isActive && "bg-muted font-medium text-foreground",
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
