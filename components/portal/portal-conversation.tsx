/**
 * A ticket's public conversation as its requester sees it: their own messages and the agents'
 * replies, with files. It only ever receives what lib/portal/queries.ts let through (no notes, no
 * system messages), and is shared by the portal and the agents' preview so both show the same.
 */
import { AttachmentList } from "@/components/attachments/attachment-list";
import { LocalTime } from "@/components/ui/local-time";
import type { PortalMessage } from "@/lib/portal/queries";
import { cn } from "@/lib/utils";

export function PortalConversation({ messages }: { messages: PortalMessage[] }) {
  if (messages.length === 0) {
    return <p className="text-sm text-muted-foreground">No messages yet.</p>;
  }
  return (
    <ol className="flex flex-col gap-3" aria-label="Conversation">
      {messages.map((message) => (
        <li key={message.id}>
          <article
            className={cn(
              "rounded-lg border p-4",
              message.fromCustomer ? "bg-card" : "border-primary/30 bg-accent/40",
            )}
            aria-label={`Message from ${message.fromCustomer ? "you" : message.authorName}`}
          >
            <header className="mb-2 flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium">
                {message.fromCustomer ? "You" : message.authorName}
              </span>
              {message.fromCustomer ? null : (
                <span className="text-xs text-muted-foreground">Support team</span>
              )}
              <LocalTime
                className="ml-auto text-xs text-muted-foreground"
                iso={message.createdAt.toISOString()}
              />
            </header>
            {message.bodyText ? (
              <div className="text-sm leading-relaxed whitespace-pre-wrap">{message.bodyText}</div>
            ) : null}
            <AttachmentList attachments={message.attachments} className="mt-3" />
          </article>
        </li>
      ))}
    </ol>
  );
}
