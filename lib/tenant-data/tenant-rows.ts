import type pg from "pg";
import { CELL_COPIES } from "@/lib/cells/tables";
import { setLocalTenantSql } from "@/lib/db/tenant-setting";
import { cellTablesInDependencyOrder, foreignKeys } from "./catalog";
import type { ArchiveTable } from "./archive-format";

/*
 * Reading and writing one tenant's rows, table by table, as PostgreSQL's own
 * jsonb text: the same text on both sides is what makes checksums comparable
 * across servers, so the session settings that shape it are pinned first.
 */

type Queryable = Pick<pg.ClientBase, "query">;

/** Sections of an archive that are copies of control-plane rows, loaded before the cell tables. */
export const TENANT_ROW = "tenants";
export const MEMBER_USERS = "users";
const USER_COPY_COLUMNS: readonly string[] = CELL_COPIES.users;
/** Columns no archive carries: an owner export's own bytes would nest every earlier export inside the next. */
export const NOT_ARCHIVED: Readonly<Record<string, readonly string[]>> = { data_exports: ["archive"] };

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected identifier: ${name}`);
  return `"${name}"`;
};

/** Inside a transaction: pins the text form of rows and sets the tenant for row-level security. */
export async function pinSession(client: Queryable, tenantId: string): Promise<void> {
  await client.query(`SET LOCAL TimeZone = 'UTC'; SET LOCAL extra_float_digits = 1; SET LOCAL IntervalStyle = 'postgres'; ${setLocalTenantSql(tenantId)}`);
}

export async function schemaVersion(client: Queryable): Promise<string> {
  const { rows } = await client.query<{ v: string | null }>(`SELECT max(migration_name) AS v FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
  return rows[0]?.v ?? "none";
}

async function primaryKey(client: Queryable, table: string): Promise<string[]> {
  const { rows } = await client.query<{ col: string }>(
    `SELECT a.attname AS col FROM pg_index x JOIN unnest(x.indkey) WITH ORDINALITY k(n, i) ON true
     JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n
     WHERE x.indrelid = $1::regclass AND x.indisprimary ORDER BY k.i`,
    [table],
  );
  return rows.map((r) => r.col);
}

/** Insertable columns (generated ones are computed again by the target). */
export async function insertableColumns(client: Queryable, table: string): Promise<string[]> {
  const { rows } = await client.query<{ col: string }>(
    `SELECT attname AS col FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [table],
  );
  return rows.map((r) => r.col);
}

async function selectRows(client: Queryable, table: string, where: string, tenantId: string, columns?: readonly string[]): Promise<string[]> {
  const order = (await primaryKey(client, table)).map(ident).join(", ") || "1";
  const source = columns ? `(SELECT ${columns.map(ident).join(", ")} FROM ${ident(table)}) t` : `${ident(table)} t`;
  // A checked identifier is also a safe string literal.
  const omit = (NOT_ARCHIVED[table] ?? []).map((c) => ` - '${ident(c) && c}'`).join("");
  const { rows } = await client.query<{ r: string }>(`SELECT (to_jsonb(t)${omit})::text AS r FROM ${source} WHERE ${where} ORDER BY ${order}`, [tenantId]);
  return rows.map((x) => x.r);
}

/** The tenant's rows: its tenant row, its members' user copies, then every cell table (catalog order). */
export async function readTenantRows(client: Queryable, tenantId: string): Promise<ArchiveTable[]> {
  const tables: ArchiveTable[] = [
    { name: TENANT_ROW, rows: await selectRows(client, "tenants", "t.id = $1", tenantId) },
    {
      name: MEMBER_USERS,
      rows: await selectRows(client, "users", "t.id IN (SELECT m.user_id FROM memberships m WHERE m.tenant_id = $1)", tenantId, USER_COPY_COLUMNS),
    },
  ];
  for (const table of await cellTablesInDependencyOrder(client)) tables.push({ name: table, rows: await selectRows(client, table, "t.tenant_id = $1", tenantId) });
  return tables;
}

/** Only the cell tables, re-read after a load to compare with the manifest. */
export async function readCellRows(client: Queryable, tenantId: string, tables: readonly string[]): Promise<ArchiveTable[]> {
  const out: ArchiveTable[] = [];
  for (const table of tables) out.push({ name: table, rows: await selectRows(client, table, "t.tenant_id = $1", tenantId) });
  return out;
}

const BATCH = 2_000;

/** Inserts rows given as jsonb text; `conflict` appended as is (e.g. ON CONFLICT (id) DO NOTHING). */
export async function insertRows(client: Queryable, table: string, rows: readonly string[], only?: readonly string[], conflict = ""): Promise<void> {
  const all = await insertableColumns(client, table);
  const cols = (only ? all.filter((c) => only.includes(c)) : all).map(ident).join(", ");
  for (let i = 0; i < rows.length; i += BATCH) {
    const json = `[${rows.slice(i, i + BATCH).join(",")}]`;
    await client.query(`INSERT INTO ${ident(table)} (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::${ident(table)}, $1::jsonb) ${conflict}`, [json]);
  }
}

/** Foreign keys of `tables` whose referenced row is missing, for the tenant (loads run with triggers off). */
export async function danglingReferences(client: Queryable, tenantId: string, tables: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const fk of (await foreignKeys(client)).filter((f) => tables.includes(f.table))) {
    const notNull = fk.columns.map((c) => `s.${ident(c)} IS NOT NULL`).join(" AND ");
    const match = fk.columns.map((c, i) => `d.${ident(fk.referencedColumns[i]!)} = s.${ident(c)}`).join(" AND ");
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${ident(fk.table)} s WHERE s.tenant_id = $1 AND ${notNull}
         AND NOT EXISTS (SELECT 1 FROM ${ident(fk.references)} d WHERE ${match})`,
      [tenantId],
    );
    if (rows[0]!.n > 0) problems.push(`${fk.table}.${fk.name}: ${rows[0]!.n} rows`);
  }
  return problems;
}
