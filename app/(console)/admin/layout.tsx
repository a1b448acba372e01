import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { can } from "@/lib/auth/permissions";
import { getSessionActor } from "@/lib/auth/session";

// Navigation only. Each page checks `admin.access` itself (with its own return address); for
// anyone else the sections are not even listed and the page answers 403.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await getSessionActor();
  if (!can(actor, "admin.access")) return children;
  return (
    <div className="flex flex-col gap-6 md:flex-row">
      <AdminNav />
      <div className="flex min-w-0 flex-1 flex-col">{children}</div>
    </div>
  );
}
