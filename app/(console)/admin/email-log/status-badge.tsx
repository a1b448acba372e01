/** The status of an inbound message as a coloured badge, with the automated kind beside it. */
import { Badge } from "@/components/ui/badge";
import type { InboundAutomatedKind, InboundEmailStatus } from "@/db/schema";
import { cn } from "@/lib/utils";

const tones: Record<InboundEmailStatus, string> = {
  received: "border-blue-300 text-blue-700 dark:text-blue-300",
  processed: "border-green-300 text-green-700 dark:text-green-300",
  duplicate: "text-muted-foreground",
  junk: "text-muted-foreground",
  rejected: "border-amber-300 text-amber-700 dark:text-amber-300",
  failed: "border-red-300 text-red-700 dark:text-red-300",
};

const automatedLabels: Record<InboundAutomatedKind, string> = {
  auto_reply: "auto-reply",
  bounce: "bounce",
  bulk: "bulk",
  noreply: "no-reply",
};

export function InboundStatusBadge({
  status,
  automatedKind,
}: {
  status: InboundEmailStatus;
  automatedKind: InboundAutomatedKind | null;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge className={cn(tones[status])}>{status}</Badge>
      {automatedKind ? (
        <Badge className="text-muted-foreground">{automatedLabels[automatedKind]}</Badge>
      ) : null}
    </span>
  );
}
