/**
 * Multi-row INSERT with a single parameter: the rows as one JSON array, expanded in the database by
 * `jsonb_populate_recordset`. For the few places that write thousands of rows at once (the batched
 * timer sweep): the query builder spends far longer building a 1,000-row VALUES list with a bind
 * parameter per cell than the database spends inserting it; this keeps the statement text and its
 * one parameter the same size whatever the row count.
 *
 * Rows use the schema's property names, as with `db.insert(table).values(rows)`. Every row must
 * carry the same properties: a column no row sets takes its default, a column set in some rows only
 * would be null in the others. Values go through JSON, so use it for plain columns (text, numbers,
 * booleans, enums, timestamps as Date, jsonb), not custom types.
 */
import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { rowsOf, type Database } from "./client";

/** Rows per statement: keeps a single parameter well below a few megabytes. */
const CHUNK = 2_000;

export async function insertMany<T extends PgTable, R extends string = never>(
  tx: Database,
  table: T,
  rows: T["$inferInsert"][],
  options: { returning?: R[] } = {},
): Promise<Record<R, unknown>[]> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = [
    ...new Set(rows.flatMap((row) => Object.keys(row as object).filter((k) => k in columns))),
  ];
  const names = keys.map((key) => `"${columns[key]!.name}"`).join(", ");
  const tableName = `"${getTableName(table)}"`;
  const returning = options.returning?.length
    ? sql.raw(` returning ${options.returning.map((c) => `"${c}"`).join(", ")}`)
    : sql``;
  const out: Record<R, unknown>[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = rows.slice(i, i + CHUNK).map((row) => {
      const record: Record<string, unknown> = {};
      for (const key of keys) record[columns[key]!.name] = (row as Record<string, unknown>)[key];
      return record;
    });
    const result = await tx.execute(
      sql`insert into ${sql.raw(tableName)} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_populate_recordset(null::${sql.raw(tableName)}, ${JSON.stringify(json)}::jsonb)${returning}`,
    );
    out.push(...rowsOf<Record<R, unknown>>(result));
  }
  return out;
}
