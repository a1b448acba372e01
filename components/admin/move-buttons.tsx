"use client";

import { ArrowDown, ArrowUp } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Up/down controls for ordered admin lists (categories, SLA policies). */
export function MoveButtons({
  name,
  isFirst,
  isLast,
  disabled,
  onMove,
}: {
  name: string;
  isFirst: boolean;
  isLast: boolean;
  disabled: boolean;
  onMove: (direction: "up" | "down") => void;
}) {
  return (
    <div className="flex gap-1">
      <Button
        type="button"
        size="icon"
        variant="ghost"
        className="size-8"
        aria-label={`Move ${name} up`}
        disabled={isFirst || disabled}
        onClick={() => onMove("up")}
      >
        <ArrowUp className="size-4" aria-hidden />
      </Button>
      <Button
        type="button"
        size="icon"
        variant="ghost"
        className="size-8"
        aria-label={`Move ${name} down`}
        disabled={isLast || disabled}
        onClick={() => onMove("down")}
      >
        <ArrowDown className="size-4" aria-hidden />
      </Button>
    </div>
  );
}
