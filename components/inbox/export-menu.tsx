"use client";

/**
 * Export of the current list: CSV (optionally with a UTF-8 byte-order mark, which Excel needs to
 * read accents correctly) and PDF. Both are plain links to the export route, which streams every
 * matching ticket for the same query and sort.
 */
import { Download } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { exportHref } from "@/lib/tickets/inbox-url";

export function ExportMenu({ query, sort }: { query: string; sort?: string }) {
  const [bom, setBom] = useState(false);
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button size="sm" variant="outline">
          <Download className="size-4" aria-hidden /> Export
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="flex w-64 flex-col gap-3">
        <p className="text-sm text-muted-foreground">Every ticket matching the current search.</p>
        <label className="flex items-center gap-2 text-sm">
          <Checkbox checked={bom} onCheckedChange={(checked) => setBom(checked === true)} />
          UTF-8 BOM for Excel
        </label>
        <div className="flex gap-2">
          <Button size="sm" asChild>
            <a href={exportHref("csv", { q: query, sort }, bom)} download>
              Download CSV
            </a>
          </Button>
          <Button size="sm" variant="outline" asChild>
            <a href={exportHref("pdf", { q: query, sort })} download>
              Download PDF
            </a>
          </Button>
        </div>
      </PopoverContent>
    </Popover>
  );
}
