import type pg from "pg";
import { CONTROL_PLANE_TABLES, LOOKUP_COPIES, REFERENCE_TABLES } from "@/lib/cells/tables";
import { COPIED_INTO_CELLS, cellTablesInDependencyOrder, foreignKeys, uniqueIndexes } from "./catalog";

/*
 * The statements that turn a migrated cell database into a Citus cluster
 * (docs/scale-out.md), from the catalog: the tenant row copy and every cell
 * table distributed by tenant, co-located, so a tenant's rows, joins,
 * foreign keys and row-level security stay on one worker; the copied global
 * rows as reference tables; global-only tables left local and empty.
 */

type Queryable = Pick<pg.ClientBase, "query">;

export async function citusPlan(client: Queryable): Promise<string[]> {
  const cell = await cellTablesInDependencyOrder(client);
  const fks = await foreignKeys(client);
  const { rows } = await client.query<{ db: string }>("SELECT current_database() AS db");
  // SET LOCAL app.tenant_id reaches the workers only with this setting.
  const out: string[] = [`ALTER DATABASE "${rows[0]!.db}" SET citus.propagate_set_commands = 'local';`];
  // Global tables a cell holds no rows of but whose FKs point at tenants: a local table cannot reference a distributed one.
  const localOnly = CONTROL_PLANE_TABLES.filter((t) => !COPIED_INTO_CELLS.includes(t) && t !== "_prisma_migrations");
  const distributed = (t: string) => t === "tenants" || cell.includes(t);
  for (const fk of fks.filter((f) => (localOnly as readonly string[]).includes(f.table) && distributed(f.references))) {
    out.push(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}; -- ${fk.table} stays empty in a cell`);
  }
  // A lookup copy's global key is kept by the control plane's copy; in the cell it is per tenant.
  for (const idx of (await uniqueIndexes(client)).filter((i) => (LOOKUP_COPIES as readonly string[]).includes(i.table) && !i.columns.includes("tenant_id"))) {
    out.push(`ALTER TABLE ${idx.table} DROP CONSTRAINT ${idx.name}, ADD CONSTRAINT ${idx.name} UNIQUE (tenant_id, ${idx.columns.join(", ")});`);
  }
  const referenceOrder = [...REFERENCE_TABLES, "users"].sort((a, b) => (fks.some((f) => f.table === a && f.references === b) ? 1 : fks.some((f) => f.table === b && f.references === a) ? -1 : 0));
  for (const t of referenceOrder) out.push(`SELECT create_reference_table('${t}');`);
  out.push(`SELECT create_distributed_table('tenants', 'id');`);
  for (const t of cell) out.push(`SELECT create_distributed_table('${t}', 'tenant_id', colocate_with => 'tenants');`);
  return out;
}
