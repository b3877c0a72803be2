import { randomUUID } from "node:crypto";
import type pg from "pg";

/*
 * Fixture rows generated from the live catalog, not from a hand-written list:
 * a new tenant-owned table gets rows (and so isolation coverage) the day it is
 * migrated. Values are chosen by column type; integers and timestamps grow with
 * the column's position so "opens < closes" and "starts < ends" style checks
 * hold for columns declared in that order.
 */

export interface Column {
  name: string;
  type: string; // udt_name
  isArray: boolean;
  nullable: boolean;
  hasDefault: boolean;
  position: number;
  enumLabels: string[];
}

export interface ForeignKey {
  name: string;
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

export interface Catalog {
  tenantTables: string[];
  columns: Map<string, Column[]>;
  foreignKeys: ForeignKey[];
}

export async function readCatalog(client: pg.Client): Promise<Catalog> {
  const cols = await client.query<{
    table_name: string;
    column_name: string;
    udt_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    ordinal_position: number;
    labels: string[] | null;
  }>(`
    SELECT c.table_name, c.column_name, c.udt_name, c.data_type, c.is_nullable, c.column_default,
           c.ordinal_position,
           (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
             WHERE t.typname = c.udt_name) AS labels
    FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE' AND c.table_name <> '_prisma_migrations'
    ORDER BY c.table_name, c.ordinal_position`);
  const columns = new Map<string, Column[]>();
  for (const r of cols.rows) {
    const list = columns.get(r.table_name) ?? [];
    list.push({
      name: r.column_name,
      type: r.data_type === "ARRAY" ? r.udt_name.replace(/^_/, "") : r.udt_name,
      isArray: r.data_type === "ARRAY",
      nullable: r.is_nullable === "YES",
      hasDefault: r.column_default !== null,
      position: r.ordinal_position,
      enumLabels: r.labels ?? [],
    });
    columns.set(r.table_name, list);
  }
  const fks = await client.query<{ name: string; table: string; cols: string[]; ref_table: string; ref_cols: string[] }>(`
    SELECT con.conname AS name, src.relname AS table, dst.relname AS ref_table,
           ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS cols,
           ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS ref_cols
    FROM pg_constraint con
    JOIN pg_class src ON src.oid = con.conrelid
    JOIN pg_class dst ON dst.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = src.relnamespace
    WHERE con.contype = 'f' AND n.nspname = 'public'`);
  const foreignKeys = fks.rows.map((r) => ({
    name: r.name,
    table: r.table,
    columns: r.cols,
    refTable: r.ref_table,
    refColumns: r.ref_cols,
  }));
  const tenantTables = [...columns.entries()]
    .filter(([, c]) => c.some((x) => x.name === "tenant_id"))
    .map(([t]) => t)
    .sort();
  return { tenantTables, columns, foreignKeys };
}

function scalarValue(col: Column, tag: string): unknown {
  if (col.isArray) return [];
  if (col.enumLabels.length) return col.enumLabels[0];
  switch (col.type) {
    case "uuid":
      return randomUUID();
    case "int2":
    case "int4":
    case "int8":
    case "numeric":
    case "float4":
    case "float8":
      return col.position;
    case "bool":
      return true;
    case "timestamptz":
    case "timestamp":
      return new Date(Date.UTC(2030, 0, 7, 9, col.position));
    case "date":
      return "2030-01-07";
    case "json":
    case "jsonb":
      return {};
    case "bytea":
      return Buffer.from([1, 2, 3, 4]);
    default:
      return `${col.name}-${tag}-${randomUUID().slice(0, 8)}`;
  }
}

/** Tables ordered so every referenced table comes before the tables that reference it. */
export function insertionOrder(catalog: Catalog, tables: string[]): string[] {
  const set = new Set(tables);
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (order.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const fk of catalog.foreignKeys) if (fk.table === t && fk.refTable !== t && set.has(fk.refTable)) visit(fk.refTable);
    visiting.delete(t);
    order.push(t);
  };
  tables.forEach(visit);
  return order;
}

export type Row = Record<string, unknown>;

async function insertRow(client: pg.Client, table: string, row: Row): Promise<Row> {
  const names = Object.keys(row);
  const sql = `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")})
    VALUES (${names.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING *`;
  const values = names.map((n) => {
    const v = row[n];
    return v !== null && typeof v === "object" && !(v instanceof Date) && !Buffer.isBuffer(v) && !Array.isArray(v)
      ? JSON.stringify(v)
      : v;
  });
  const res = await client.query(sql, values);
  return res.rows[0] as Row;
}

/**
 * Inserts one row in every tenant-owned table for `tenantId` (as a superuser,
 * so fixtures do not depend on the walls under test). Rows of global tables
 * that tenant rows reference (users) are created as needed.
 */
export async function seedTenantRows(client: pg.Client, catalog: Catalog, tenantId: string, tag: string) {
  const rows = new Map<string, Row>();
  const globalRefs = new Map<string, Row>();
  const globalTables = new Set(
    catalog.foreignKeys
      .filter((fk) => catalog.tenantTables.includes(fk.table) && !catalog.tenantTables.includes(fk.refTable))
      .map((fk) => fk.refTable)
      .filter((t) => t !== "tenants"),
  );

  const build = (table: string): Row => {
    const row: Row = {};
    for (const col of catalog.columns.get(table) ?? []) {
      if (col.name === "tenant_id") row.tenant_id = tenantId;
      else if (col.name === "id") row.id = randomUUID();
      else if (!col.nullable && !col.hasDefault) row[col.name] = scalarValue(col, tag);
    }
    for (const fk of catalog.foreignKeys.filter((f) => f.table === table)) {
      if (fk.refTable === "tenants") continue;
      const parent = rows.get(fk.refTable) ?? globalRefs.get(fk.refTable);
      if (!parent) continue;
      fk.columns.forEach((c, i) => (row[c] = parent[fk.refColumns[i]!]));
    }
    return row;
  };

  for (const table of globalTables) globalRefs.set(table, await insertRow(client, table, build(table)));
  for (const table of insertionOrder(catalog, catalog.tenantTables)) {
    // A row the database made for the tenant itself (its default resource, made
    // by a trigger on tenants) is the table's fixture: one row per tenant each.
    const made = await client.query(`SELECT * FROM "${table}" WHERE tenant_id = $1 ORDER BY id LIMIT 1`, [tenantId]);
    rows.set(table, (made.rows[0] as Row | undefined) ?? (await insertRow(client, table, build(table))));
  }
  return rows;
}

export async function insertTenant(client: pg.Client, slug: string): Promise<string> {
  const res = await client.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, region, admin_email, timezone, updated_at)
     VALUES ($1, $1, 'FR', $2, 'Europe/Paris', now()) RETURNING id`,
    [slug, `owner@${slug}.test`],
  );
  return res.rows[0]!.id;
}
