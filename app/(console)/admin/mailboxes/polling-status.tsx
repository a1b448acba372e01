import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { MailboxPollingStatus } from "@/lib/admin/mailboxes";

/** One line on whether the mailbox is polled over IMAP and how that is going. */
export function PollingStatus({ status }: { status: MailboxPollingStatus }) {
  switch (status.state) {
    case "not_configured":
      return <span className="text-sm text-muted-foreground">Not polled</span>;
    case "off":
      return <Badge className="text-muted-foreground">Off</Badge>;
    case "ok":
      return (
        <span className="flex flex-col gap-0.5 text-sm">
          <Badge>Polling</Badge>
          {status.lastPolledAt ? (
            <span className="text-xs text-muted-foreground">
              Last <LocalTime iso={status.lastPolledAt.toISOString()} />
            </span>
          ) : null}
        </span>
      );
    case "failing":
      return (
        <span className="flex flex-col gap-0.5 text-sm" title={status.error ?? undefined}>
          <Badge className="border-amber-500 text-amber-700 dark:text-amber-300">
            Failing ({status.failures})
          </Badge>
        </span>
      );
    case "disabled":
      return (
        <span className="flex flex-col gap-0.5 text-sm" title={status.error ?? undefined}>
          <Badge className="border-destructive text-destructive">Disabled after failures</Badge>
        </span>
      );
  }
}
