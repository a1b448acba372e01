"use client";

/**
 * An emailed message with the quoted history below the new text folded away: the reply shows, the
 * quote is one click off and kept exactly as received.
 */
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";

export function QuotedText({ reply, quoted }: { reply: string; quoted: string }) {
  const [isOpen, setIsOpen] = useState(false);
  const id = useId();
  return (
    <div className="flex flex-col gap-2">
      <div className="text-sm leading-relaxed whitespace-pre-wrap">{reply}</div>
      <div>
        <Button
          type="button"
          size="sm"
          variant="ghost"
          className="h-7 px-2 text-xs text-muted-foreground"
          aria-expanded={isOpen}
          aria-controls={id}
          onClick={() => setIsOpen((open) => !open)}
        >
          {isOpen ? "Hide quoted text" : "Show quoted text"}
        </Button>
      </div>
      <div
        id={id}
        hidden={!isOpen}
        className="border-l-2 pl-3 text-sm leading-relaxed whitespace-pre-wrap text-muted-foreground"
      >
        {quoted}
      </div>
    </div>
  );
}
