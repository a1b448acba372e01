/**
 * The frame of every portal and web form page: the mailbox's name, logo and accent colour on top,
 * the page below. Values come through lib/portal/branding.ts, which only lets a `#rrggbb` colour and
 * an https or raster data: logo through.
 */
import type { ReactNode } from "react";
import type { PortalBranding } from "@/lib/portal/branding";

export function PortalShell({
  branding,
  actions,
  embedded = false,
  children,
}: {
  branding: PortalBranding;
  actions?: ReactNode;
  /** Inside another page (the agents' preview): no full-height frame, no second <main>. */
  embedded?: boolean;
  children: ReactNode;
}) {
  const Body = embedded ? "div" : "main";
  return (
    <div className={embedded ? "bg-muted/30" : "min-h-screen bg-muted/30"}>
      <header
        className="border-t-4 border-b bg-background"
        style={{ borderTopColor: branding.color ?? "var(--primary)" }}
      >
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-3">
          <div className="flex min-w-0 items-center gap-3">
            {branding.logoUrl ? (
              // A logo from the admin's settings (https or data: URL); next/image would proxy it.
              // eslint-disable-next-line @next/next/no-img-element
              <img src={branding.logoUrl} alt="" className="h-8 w-auto max-w-32 object-contain" />
            ) : null}
            <span
              className="truncate text-lg font-semibold"
              style={branding.color ? { color: branding.color } : undefined}
            >
              {branding.name}
            </span>
          </div>
          {actions}
        </div>
      </header>
      <Body className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-8">{children}</Body>
    </div>
  );
}
