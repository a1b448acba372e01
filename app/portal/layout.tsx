/**
 * The requester portal's own frame: none of the console's navigation; each page draws the mailbox's
 * branding (components/portal/portal-shell.tsx). Never indexed by search engines.
 */
import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = {
  title: { default: "Support portal", template: "%s · Support portal" },
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

export default function PortalLayout({ children }: { children: ReactNode }) {
  return children;
}
