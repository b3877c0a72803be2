import pg from "pg";
import { databaseUrls } from "@/lib/db/database-urls";
import { DEFAULT_CELL, cellForRegion, cellsConfig, cellUrls, type CellsConfig } from "./cell-config";
import { nameCellDatabase } from "./cell-identity";
import { inTenantTransaction, readRows, referenceOrder, writeRows } from "./row-copy";
import { CELL_COPIES, LOOKUP_COPIES, REFERENCE_TABLES, cellTables, tenantColumnsToSync } from "./tables";

/*
 * Keeping a cell's copies of control-plane rows, and the control plane's
 * lookup copies of cell rows, in step (lib/cells/tables.ts says which).
 * Everything runs as the databases' owners, outside any request.
 */

const controlPlaneUrl = () => databaseUrls().migration;

function sameDatabase(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  return x.host === y.host && x.pathname === y.pathname;
}

/** True when `cell` is the control plane's own database (nothing to copy). */
export function cellIsControlPlane(cell: string, config: CellsConfig = cellsConfig()): boolean {
  return sameDatabase(cellUrls(cell, config).owner, controlPlaneUrl());
}

// Each database counts its own configuration changes (its caches compare them).
const LOCAL_COLUMNS = ["config_version"];

async function tenantColumns(client: pg.ClientBase, except: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = 'tenants'::regclass AND attnum > 0 AND NOT attisdropped`,
  );
  return rows.map((r) => r.name).filter((c) => !except.includes(c));
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The plans catalogue, replicated whole to `cell` (tenants.plan references it). */
export async function syncReferenceTables(cell: string): Promise<void> {
  if (cellIsControlPlane(cell)) return;
  const target = cellUrls(cell).owner;
  await withClient(controlPlaneUrl(), async (source) => {
    const order = await referenceOrder(source, REFERENCE_TABLES);
    await withClient(target, async (client) => {
      await client.query("BEGIN");
      for (const table of order) {
        const { rows } = await source.query<{ rows: string }>(`SELECT coalesce(json_agg(t), '[]'::json)::text AS rows FROM "${table}" t`);
        await writeRows(client, table, rows[0]!.rows, { column: "", tenantId: "" });
      }
      await client.query("COMMIT");
    });
  });
}

const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(", ");

/** Sets `columns` of the tenant's existing row to those of the JSON row; a row that is not there is not created. */
async function updateTenantColumns(client: pg.ClientBase, tenantId: string, json: string, columns: readonly string[]): Promise<void> {
  if (!columns.length) return;
  const of = (alias: string) => `ROW(${columns.map((c) => `${alias}."${c}"`).join(", ")})`;
  await client.query(
    `UPDATE tenants t SET (${quoted(columns)}) = ${of("s")} FROM json_populate_record(NULL::tenants, ($2::json) -> 0) s
     WHERE t.id = $1 AND ${of("t")} IS DISTINCT FROM ${of("s")}`,
    [tenantId, json],
  );
}

/**
 * The control plane's tenant row copied over the tenant's row in its cell
 * (the platform's columns, and the shared ones `changed` names, all when
 * omitted), with its members' names.
 */
export async function syncTenantCopy(tenantId: string, cell?: string, changed?: readonly string[]): Promise<void> {
  const source = controlPlaneUrl();
  await withClient(source, async (cp) => {
    const target = cell ?? (await cp.query<{ cell: string }>(`SELECT cell FROM tenants WHERE id = $1`, [tenantId])).rows[0]?.cell;
    if (!target || cellIsControlPlane(target)) return;
    const tenant = await readRows(cp, "tenants", { column: "id", values: [tenantId] });
    const members = await cp.query<{ user_id: string }>(`SELECT user_id FROM memberships WHERE tenant_id = $1`, [tenantId]);
    const users = await readRows(cp, "users", { column: "id", values: members.rows.map((r) => r.user_id) });
    await inTenantTransaction(cellUrls(target).owner, tenantId, async (client) => {
      // A refresh, never a creation: a cell the tenant has just left (a move deleted its row) must not get it back.
      if (!(await client.query("SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE", [tenantId])).rowCount) return;
      await updateTenantColumns(client, tenantId, tenant, tenantColumnsToSync("to-cell", changed));
      await writeRows(client, "users", users, { column: "id", tenantId, columns: CELL_COPIES.users });
    });
  });
}

/**
 * A change made in the cell to the tenant row copied back to the directory:
 * the tenant's own columns (settings, two-factor rule…), and the shared
 * (billing) ones `changed` names, all when omitted.
 */
export async function syncTenantToControlPlane(tenantId: string, cell: string, changed?: readonly string[]): Promise<void> {
  if (cellIsControlPlane(cell)) return;
  await withClient(cellUrls(cell).owner, async (source) => {
    const tenant = await readRows(source, "tenants", { column: "id", values: [tenantId] });
    await inTenantTransaction(controlPlaneUrl(), tenantId, (client) => updateTenantColumns(client, tenantId, tenant, tenantColumnsToSync("to-control-plane", changed)));
  });
}

export type Direction = "to-cell" | "to-control-plane";

/** One tenant's rows of a lookup table (channel routes, memberships, invitations) made equal on the other side. */
export async function syncLookupTable(tenantId: string, cell: string, table: (typeof LOOKUP_COPIES)[number], direction: Direction): Promise<void> {
  if (cellIsControlPlane(cell)) return;
  const [from, to] = direction === "to-cell" ? [controlPlaneUrl(), cellUrls(cell).owner] : [cellUrls(cell).owner, controlPlaneUrl()];
  if (direction === "to-cell" && table === "memberships") await syncTenantCopy(tenantId, cell);
  const rows = await withClient(from, (client) => inTenantRead(client, tenantId, () => readRows(client, table, { column: "tenant_id", values: [tenantId] })));
  await inTenantTransaction(to, tenantId, (client) => writeRows(client, table, rows, { column: "tenant_id", tenantId, mirror: true }));
}

async function inTenantRead<T>(client: pg.Client, tenantId: string, fn: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    return await fn();
  } finally {
    await client.query("COMMIT");
  }
}

/**
 * Puts a tenant created on the control plane (sign-up, provisioning, seed)
 * into `cell`: names the cell in the directory, copies the tenant row, its
 * members and every row of its cell tables there, then removes from the
 * control plane what only the cell keeps (the lookup copies stay).
 */
export async function placeTenant(tenantId: string, cell: string): Promise<void> {
  const config = cellsConfig();
  cellUrls(cell, config);
  await withClient(controlPlaneUrl(), async (cp) => {
    await cp.query(`UPDATE tenants SET cell = $2 WHERE id = $1 AND cell IS DISTINCT FROM $2`, [tenantId, cell]);
    if (cellIsControlPlane(cell, config)) return;
    // The tenant's row stays here as its directory entry: late writes for it are refused from now on.
    if (cellIsControlPlane(DEFAULT_CELL, config)) await nameCellDatabase(cp, DEFAULT_CELL);
    await syncReferenceTables(cell);
    const columns = await tenantColumns(cp, LOCAL_COLUMNS);
    const tenant = await readRows(cp, "tenants", { column: "id", values: [tenantId] });
    const members = await cp.query<{ user_id: string }>(`SELECT user_id FROM memberships WHERE tenant_id = $1`, [tenantId]);
    const users = await readRows(cp, "users", { column: "id", values: members.rows.map((r) => r.user_id) });
    const tables = (await referenceOrder(cp, await cellTables(cp))).filter((t) => t !== "tenants");
    const data = await inTenantRead(cp, tenantId, async () => {
      const out: Array<[string, string]> = [];
      for (const table of tables) out.push([table, await readRows(cp, table, { column: "tenant_id", values: [tenantId] })]);
      return out;
    });
    await inTenantTransaction(
      cellUrls(cell, config).owner,
      tenantId,
      async (client) => {
        await writeRows(client, "tenants", tenant, { column: "id", tenantId, columns });
        await writeRows(client, "users", users, { column: "id", tenantId, columns: CELL_COPIES.users });
        for (const [table, rows] of data) await writeRows(client, table, rows, { column: "tenant_id", tenantId, mirror: true });
      },
      { replica: true },
    );
    const lookups: readonly string[] = LOOKUP_COPIES;
    await inTenantTransaction(controlPlaneUrl(), tenantId, async (client) => {
      for (const table of [...tables].reverse()) {
        if (!lookups.includes(table)) await client.query(`DELETE FROM "${table}" WHERE tenant_id = $1`, [tenantId]);
      }
    });
  });
}

/**
 * Places a tenant just created on the control plane in `cell`, or in its
 * region's cell (REGION_CELLS). With one database nothing is done.
 */
export async function placeNewTenant(tenantId: string, region: string, cell?: string): Promise<string> {
  const config = cellsConfig();
  const target = cell ?? cellForRegion(region, config);
  if (!config.routed && target === DEFAULT_CELL) return target;
  await placeTenant(tenantId, target);
  return target;
}
