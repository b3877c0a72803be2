import pg from "pg";

/*
 * Copies one tenant's rows of a table from one database to another, for any
 * table, reading its columns and keys from the catalog: what placing a new
 * tenant in its cell, the cell's copy of the tenant row and the control
 * plane's lookup copies are made of. Rows go through JSON (json_agg on the
 * source, json_populate_recordset on the target), so every column type the
 * schema uses survives the trip. The copy runs in one transaction with
 * app.tenant_id set (row-level security is forced even for table owners)
 * and app.directory_sync on (the copy is not announced back).
 */

export interface TableShape {
  columns: string[];
  primaryKey: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function tableShape(client: pg.ClientBase, table: string): Promise<TableShape> {
  const { rows } = await client.query<{ name: string; pk: boolean }>(
    `SELECT a.attname AS name,
            EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY (i.indkey)) AS pk
     FROM pg_attribute a
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY a.attnum`,
    [quote(table)],
  );
  return { columns: rows.map((r) => r.name), primaryKey: rows.filter((r) => r.pk).map((r) => r.name) };
}

export interface CopyScope {
  /** Column that names the tenant: tenant_id, or id for the tenants table. */
  column: string;
  tenantId: string;
  /** Only these columns (a copy without secrets); all when omitted. */
  columns?: readonly string[];
  /** Remove the target's rows of this tenant that the source no longer has. */
  mirror?: boolean;
}

/** Reads the scoped rows as one JSON array. */
export async function readRows(client: pg.ClientBase, table: string, where: { column: string; values: string[] }): Promise<string> {
  const { rows } = await client.query<{ rows: string }>(
    `SELECT coalesce(json_agg(t), '[]'::json)::text AS rows FROM ${quote(table)} t WHERE t.${quote(where.column)} = ANY ($1::uuid[])`,
    [where.values],
  );
  return rows[0]!.rows;
}

/** Upserts `json` rows into `table` (and with `mirror`, deletes the tenant's rows not among them). Returns rows written. */
export async function writeRows(client: pg.ClientBase, table: string, json: string, scope: CopyScope): Promise<number> {
  const shape = await tableShape(client, table);
  const columns = scope.columns ? shape.columns.filter((c) => scope.columns!.includes(c)) : shape.columns;
  const list = columns.map(quote).join(", ");
  const key = shape.primaryKey.map(quote).join(", ");
  const updates = columns.filter((c) => !shape.primaryKey.includes(c));
  let written = 0;
  if (scope.mirror) {
    await client.query(
      `DELETE FROM ${quote(table)} t WHERE t.${quote(scope.column)} = $1::uuid
       AND (${shape.primaryKey.map((k) => `t.${quote(k)}`).join(", ")}) NOT IN (SELECT ${key} FROM json_populate_recordset(NULL::${quote(table)}, $2::json))`,
      [scope.tenantId, json],
    );
  }
  const onConflict = updates.length
    ? `DO UPDATE SET ${updates.map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`).join(", ")}
       WHERE (${updates.map((c) => `${quote(table)}.${quote(c)}`).join(", ")}) IS DISTINCT FROM (${updates.map((c) => `EXCLUDED.${quote(c)}`).join(", ")})`
    : "DO NOTHING";
  const res = await client.query(
    `INSERT INTO ${quote(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${quote(table)}, $1::json)
     ON CONFLICT (${key}) ${onConflict}`,
    [json],
  );
  written += res.rowCount ?? 0;
  return written;
}

/** One transaction on `url` with the tenant set and copies not announced back. */
export async function inTenantTransaction<T>(url: string, tenantId: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.directory_sync', 'on', true)", [tenantId]);
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The tenant-owned tables of `tables` ordered so referenced tables come first (catalog FKs). */
export async function referenceOrder(client: pg.ClientBase, tables: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ src: string; dst: string }>(
    `SELECT src.relname AS src, dst.relname AS dst FROM pg_constraint c
     JOIN pg_class src ON src.oid = c.conrelid JOIN pg_class dst ON dst.oid = c.confrelid
     JOIN pg_namespace n ON n.oid = src.relnamespace
     WHERE c.contype = 'f' AND n.nspname = 'public' AND src.oid <> dst.oid`,
  );
  const set = new Set(tables);
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (order.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const r of rows) if (r.src === t && set.has(r.dst)) visit(r.dst);
    visiting.delete(t);
    order.push(t);
  };
  [...tables].sort().forEach(visit);
  return order;
}
