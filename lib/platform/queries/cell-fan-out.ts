import "server-only";
import { cellsConfig } from "@/lib/cells/cell-config";
import { cellDirectory } from "@/lib/db/cell-databases";
import { platformAccessIn } from "@/lib/db/app-database";
import { cellIsControlPlane } from "@/lib/cells/placement";
import type { PlatformDb } from "@/lib/db/platform-db";

/*
 * The console's reads of tenant-owned data (conversations, usage) when
 * tenants live in several cells: a per-tenant read goes to that tenant's
 * cell, a platform-wide one runs in every cell and the caller merges. Each
 * cell holds its own tenants' rows, so every tenant is counted once. `db` is
 * the control plane's client, already inside an audited platform access.
 */

/** The client reading `tenantId`'s own data: its cell's, or `db` itself. */
export async function platformDbForTenant(db: PlatformDb, tenantId: string): Promise<PlatformDb> {
  if (!cellsConfig().routed) return db;
  const cell = (await cellDirectory().entry(tenantId))?.cell;
  return !cell || cellIsControlPlane(cell) ? db : platformAccessIn(cell).auditedElsewhere;
}

/** The client reading the tenant-owned data of `cell` (the directory's tenants.cell). */
export function platformDbForCell(db: PlatformDb, cell: string): PlatformDb {
  const config = cellsConfig();
  if (!config.routed || !config.cells.has(cell) || cellIsControlPlane(cell, config)) return db;
  return platformAccessIn(cell).auditedElsewhere;
}

/** `read` run once per cell for the given tenants, each tenant in its own cell; results merged by tenant id. */
export async function perTenantAcrossCells<T extends { cell: string; id: string }, R>(
  db: PlatformDb,
  tenants: T[],
  read: (cellDb: PlatformDb, tenants: T[]) => Promise<Map<string, R>>,
): Promise<Map<string, R>> {
  const byCell = new Map<string, T[]>();
  for (const t of tenants) byCell.set(t.cell, [...(byCell.get(t.cell) ?? []), t]);
  const parts = await Promise.all([...byCell].map(([cell, group]) => read(platformDbForCell(db, cell), group)));
  return new Map(parts.flatMap((m) => [...m]));
}

/** `read` run in every cell (once with one database); results in cell order. */
export async function acrossCells<T>(db: PlatformDb, read: (cellDb: PlatformDb) => Promise<T>): Promise<T[]> {
  const config = cellsConfig();
  if (!config.routed) return [await read(db)];
  return Promise.all([...config.cells.keys()].map((cell) => read(cellIsControlPlane(cell, config) ? db : platformAccessIn(cell).auditedElsewhere)));
}
