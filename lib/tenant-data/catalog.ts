import type pg from "pg";
import { CELL_COPIES, REFERENCE_TABLES, classifyTables, isControlPlaneTable } from "@/lib/cells/tables";

/*
 * What the catalog says about tenant data, for export/import, the live move,
 * the scale-out checks and docs/scale-out.md. Everything is read from
 * pg_catalog, so a table added by a later migration is covered without an edit.
 */

type Queryable = Pick<pg.ClientBase, "query">;

export interface ForeignKey {
  name: string;
  table: string;
  columns: string[];
  references: string;
  referencedColumns: string[];
}

export interface UniqueIndex {
  table: string;
  name: string;
  columns: string[];
  definition: string;
  /** "unique" index/constraint/primary key, or "exclusion" constraint. */
  kind: "unique" | "exclusion";
}

export async function foreignKeys(client: Queryable): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(`
    SELECT c.conname AS name, s.relname AS table, d.relname AS references,
           (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
           (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
              JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS "referencedColumns"
    FROM pg_constraint c JOIN pg_class s ON s.oid = c.conrelid JOIN pg_class d ON d.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = s.relnamespace
    WHERE c.contype = 'f' AND n.nspname = 'public'
    ORDER BY s.relname, c.conname`);
  return rows;
}

/** Unique indexes (primary keys and unique constraints included) and exclusion constraints. */
export async function uniqueIndexes(client: Queryable): Promise<UniqueIndex[]> {
  const { rows } = await client.query<UniqueIndex>(`
    SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition,
           CASE WHEN x.indisunique THEN 'unique' ELSE 'exclusion' END AS kind,
           COALESCE((SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(x.indkey) WITH ORDINALITY k(n, i)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n), '{}') AS columns
    FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public'
      AND (x.indisunique OR EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype = 'x'))
    ORDER BY t.relname, i.relname`);
  return rows;
}

/** Control-plane tables whose rows (all, or the cell's tenants') a cell also holds, so its FKs may point at them. */
export const COPIED_INTO_CELLS: readonly string[] = [...Object.keys(CELL_COPIES), ...REFERENCE_TABLES];

/**
 * The cell tables, parents before children (by their foreign keys among
 * themselves), so inserting in this order and deleting in reverse never
 * trips a constraint.
 */
export async function cellTablesInDependencyOrder(client: Queryable): Promise<string[]> {
  const { cell } = await classifyTables(client);
  const fks = (await foreignKeys(client)).filter((f) => cell.includes(f.table) && cell.includes(f.references) && f.table !== f.references);
  const ordered: string[] = [];
  const pending = new Set(cell);
  while (pending.size) {
    const ready = [...pending].filter((t) => !fks.some((f) => f.table === t && pending.has(f.references)));
    if (!ready.length) throw new Error(`Foreign-key cycle among cell tables: ${[...pending].join(", ")}`);
    for (const t of ready.sort()) {
      ordered.push(t);
      pending.delete(t);
    }
  }
  return ordered;
}

export { classifyTables, isControlPlaneTable };
