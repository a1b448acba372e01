import { Badge } from "@/components/ui/badge";
import type { OutboundEmailStatus } from "@/db/schema";
import { cn } from "@/lib/utils";

const styles: Record<OutboundEmailStatus, string> = {
  queued: "border-amber-500/40 text-amber-700 dark:text-amber-400",
  sending: "border-sky-500/40 text-sky-700 dark:text-sky-400",
  sent: "border-emerald-500/40 text-emerald-700 dark:text-emerald-400",
  failed: "border-red-500/40 text-red-700 dark:text-red-400",
  skipped: "border-zinc-500/40 text-muted-foreground",
};

export function OutboundStatusBadge({ status }: { status: OutboundEmailStatus }) {
  return <Badge className={cn(styles[status])}>{status}</Badge>;
}
