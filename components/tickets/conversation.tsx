import { Lock, Settings2 } from "lucide-react";
import { AttachmentList } from "@/components/attachments/attachment-list";
import { LocalTime } from "@/components/ui/local-time";
import { splitQuotedText } from "@/lib/mail/inbound/quoted";
import type { TicketDetail } from "@/lib/tickets/queries";
import { cn } from "@/lib/utils";
import { MoveMessageDialog } from "./move-message-dialog";
import { QuotedText } from "./quoted-text";

type ConversationMessage = TicketDetail["messages"][number];

/**
 * Replies, internal notes and system messages, each visually distinct, oldest first. With `canMove`
 * an agent may move any reply or note except the one that opened the ticket, or split it off.
 */
export function Conversation({
  messages,
  canMove = false,
}: {
  messages: ConversationMessage[];
  canMove?: boolean;
}) {
  const openingId = messages.find((m) => m.kind !== "system")?.id;
  if (messages.length === 0) {
    return <p className="text-sm text-muted-foreground">No messages yet.</p>;
  }
  return (
    <ol className="flex flex-col gap-3" aria-label="Conversation">
      {messages.map((message) => (
        <li key={message.id} data-kind={message.kind}>
          {message.kind === "system" ? (
            <SystemMessage message={message} />
          ) : (
            <MessageCard message={message} canMove={canMove && message.id !== openingId} />
          )}
        </li>
      ))}
    </ol>
  );
}

function SystemMessage({ message }: { message: ConversationMessage }) {
  return (
    <div className="flex items-center gap-2 px-2 text-xs text-muted-foreground">
      <Settings2 className="size-3.5 shrink-0" aria-hidden />
      <span>{message.bodyText}</span>
      <LocalTime className="ml-auto shrink-0" iso={message.createdAt.toISOString()} />
    </div>
  );
}

function MessageCard({ message, canMove }: { message: ConversationMessage; canMove: boolean }) {
  const isNote = message.kind === "note";
  const isCustomer = message.authorContactName !== null || message.authorContactEmail !== null;
  const author =
    message.authorUserName ??
    (message.authorContactName || message.authorContactEmail) ??
    "Unknown";
  return (
    <article
      className={cn(
        "rounded-lg border p-4",
        isNote
          ? "border-note-border bg-note"
          : isCustomer
            ? "bg-card"
            : "border-primary/30 bg-accent/40",
      )}
      aria-label={isNote ? `Internal note by ${author}` : `Reply by ${author}`}
    >
      <header className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{author}</span>
        {isNote ? (
          <span className="inline-flex items-center gap-1 text-xs font-medium text-amber-700 dark:text-amber-300">
            <Lock className="size-3" aria-hidden /> Internal note
          </span>
        ) : (
          <span className="text-xs text-muted-foreground">
            {isCustomer ? "Customer" : "Agent reply"}
          </span>
        )}
        <LocalTime
          className="ml-auto text-xs text-muted-foreground"
          iso={message.createdAt.toISOString()}
        />
        {canMove ? <MoveMessageDialog messageId={message.id} author={author} /> : null}
      </header>
      <MessageBody message={message} isCustomer={isCustomer} />
      <AttachmentList attachments={message.attachments} className="mt-3" />
    </article>
  );
}

/** A customer's emailed message shows what they wrote now; the quoted history folds away. */
function MessageBody({
  message,
  isCustomer,
}: {
  message: ConversationMessage;
  isCustomer: boolean;
}) {
  const { reply, quoted } =
    isCustomer && message.emailMessageId
      ? splitQuotedText(message.bodyText)
      : { reply: message.bodyText, quoted: "" };
  if (!quoted) {
    return <div className="text-sm leading-relaxed whitespace-pre-wrap">{message.bodyText}</div>;
  }
  return <QuotedText reply={reply} quoted={quoted} />;
}
