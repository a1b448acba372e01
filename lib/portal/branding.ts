/**
 * A mailbox's look on the portal and the web form: name, logo and accent colour. Values are checked
 * again on the way out (a colour is `#rrggbb`, a logo an https or raster-image data: URL), so nothing
 * stored can inject into the page's style or markup.
 */
import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { mailboxes } from "@/db/schema";

export type PortalBranding = { name: string; logoUrl: string | null; color: string | null };

const DEFAULT_BRANDING: PortalBranding = { name: "Support", logoUrl: null, color: null };

export function safeBranding(mailbox: {
  name: string;
  brandLogoUrl: string | null;
  brandColor: string | null;
}): PortalBranding {
  const color =
    mailbox.brandColor && /^#[0-9a-f]{6}$/i.test(mailbox.brandColor) ? mailbox.brandColor : null;
  const logo = mailbox.brandLogoUrl;
  const logoUrl =
    logo &&
    (/^https:\/\/[^\s"'<>]+$/i.test(logo) ||
      /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(logo))
      ? logo
      : null;
  return { name: mailbox.name, logoUrl, color };
}

/** The ticket's mailbox, else the default mailbox, else a plain "Support". */
export async function getPortalBranding(
  db: Database,
  mailboxId: number | null,
): Promise<PortalBranding> {
  const select = () =>
    db
      .select({
        name: mailboxes.name,
        brandLogoUrl: mailboxes.brandLogoUrl,
        brandColor: mailboxes.brandColor,
      })
      .from(mailboxes);
  const [mailbox] =
    mailboxId !== null
      ? await select().where(eq(mailboxes.id, mailboxId))
      : await select().where(eq(mailboxes.isDefault, true));
  return mailbox ? safeBranding(mailbox) : DEFAULT_BRANDING;
}
