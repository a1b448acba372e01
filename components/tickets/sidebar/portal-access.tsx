"use client";

/**
 * The requester card's portal controls: open the preview of what the requester sees, and revoke
 * every portal link and session of the requester (after a confirmation).
 */
import Link from "next/link";
import { useState, useTransition } from "react";
import { revokePortalLinksAction } from "@/app/(console)/tickets/[ref]/portal-actions";
import { Button } from "@/components/ui/button";
import { formatTicketNumber } from "@/lib/tickets/ref";

export function PortalAccess({ ticketNumber }: { ticketNumber: number }) {
  const [isConfirming, setIsConfirming] = useState(false);
  const [message, setMessage] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [isPending, startTransition] = useTransition();
  const revoke = () =>
    startTransition(async () => {
      const result = await revokePortalLinksAction({ number: ticketNumber });
      setIsConfirming(false);
      setMessage(
        result.ok
          ? { tone: "info", text: "Portal links revoked." }
          : { tone: "error", text: result.error },
      );
    });
  return (
    <section className="flex flex-col gap-2" aria-label="Portal">
      <h3 className="font-medium">Portal</h3>
      <div className="flex flex-wrap items-center gap-2">
        <Link
          href={`/tickets/${formatTicketNumber(ticketNumber)}/portal-preview`}
          className="underline-offset-4 hover:underline"
        >
          Preview portal
        </Link>
        {isConfirming ? (
          <>
            <Button size="sm" variant="destructive" disabled={isPending} onClick={revoke}>
              {isPending ? "Revoking…" : "Revoke all links"}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={isPending}
              onClick={() => setIsConfirming(false)}
            >
              Cancel
            </Button>
          </>
        ) : (
          <Button size="sm" variant="outline" onClick={() => setIsConfirming(true)}>
            Revoke portal links
          </Button>
        )}
      </div>
      {message ? (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={message.tone === "error" ? "text-destructive" : "text-muted-foreground"}
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
