/**
 * The list half of an admin screen: a card titled with the list and its count, the table — or, when
 * the list is empty, one line saying so — and the pieces every admin table repeats (its heading
 * row with an "Actions" column, and the error row under a row whose action failed).
 */
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";

export function AdminTableCard({
  title,
  controls,
  empty,
  footnote,
  children,
}: {
  title: ReactNode;
  /** Under the title, e.g. a search form. */
  controls?: ReactNode;
  /** Given only while the list is empty: the line shown instead of the table. */
  empty?: ReactNode;
  /** A note under the table, e.g. that only the first rows are shown. */
  footnote?: ReactNode;
  /** The table. */
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader className="gap-3">
        <CardTitle>{title}</CardTitle>
        {controls}
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {empty ? <p className="text-sm text-muted-foreground">{empty}</p> : children}
        {footnote ? <p className="text-sm text-muted-foreground">{footnote}</p> : null}
      </CardContent>
    </Card>
  );
}

/**
 * A table with one heading per column and a last, visually unlabelled "Actions" column; `children`
 * are its rows. A row that spans the whole table spans `columns.length + 1` cells.
 */
export function AdminTable({
  columns,
  children,
}: {
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          {columns.map((column) => (
            <TableHead key={column}>{column}</TableHead>
          ))}
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>{children}</TableBody>
    </Table>
  );
}

/** The row under a table row that shows why its last action failed; nothing without an error. */
export function AdminTableErrorRow({ colSpan, error }: { colSpan: number; error?: string }) {
  if (!error) return null;
  return (
    <TableRow className="hover:bg-transparent">
      <TableCell colSpan={colSpan}>
        <Alert>{error}</Alert>
      </TableCell>
    </TableRow>
  );
}

/** "Active", or a muted "Inactive" (or `inactiveLabel`). */
export function ActiveBadge({
  isActive,
  inactiveLabel = "Inactive",
}: {
  isActive: boolean;
  inactiveLabel?: string;
}) {
  return isActive ? (
    <Badge>Active</Badge>
  ) : (
    <Badge className="text-muted-foreground">{inactiveLabel}</Badge>
  );
}
