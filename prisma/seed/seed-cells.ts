import { cellUrls } from "@/lib/cells/cell-config";
import { cellIsControlPlane, placeNewTenant, syncLookupTable } from "@/lib/cells/placement";
import { createUnscopedDb } from "@/lib/db/tenant-db";

/*
 * The demo tenants and cells (issue 16). With CELLS or CELLS_FILE set, a
 * tenant the seed creates is placed in its region's cell, as sign-up places
 * a new one; a tenant that exists already stays in its cell, and the seed
 * refreshes its rows there (the control plane's lookup copies follow).
 * Without cells nothing here runs, and the seed writes as it always did.
 */

export type SeedDb = ReturnType<typeof createUnscopedDb>;

export interface SeedTarget {
  /** Tenants, users and the membership lookup copy. */
  control: SeedDb;
  /** The tenant's cell rows: profile, hours, FAQ, services, channel routes. */
  cell: SeedDb;
  /** The existing tenant's cell; null for a tenant this run creates (or without cells). */
  cellName: string | null;
  close(): Promise<void>;
}

export function cellsConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.CELLS || env.CELLS_FILE);
}

/** Where the seed writes a demo tenant's rows: its cell's database when it lives in one. */
export async function seedTarget(control: SeedDb, slug: string): Promise<SeedTarget> {
  const here: SeedTarget = { control, cell: control, cellName: null, close: async () => undefined };
  // Without cells the schema may predate them (migration tests seed older schemas): no cell column is read.
  if (!cellsConfigured()) return here;
  const rows = await control.$queryRaw<Array<{ cell: string }>>`SELECT cell FROM tenants WHERE slug = ${slug}`;
  const cellName = rows[0]?.cell ?? null;
  if (!cellName || cellIsControlPlane(cellName)) return { ...here, cellName };
  const cell = createUnscopedDb({ url: cellUrls(cellName).owner, max: 2 });
  return { control, cell, cellName, close: () => cell.$disconnect().then(() => cell.pool.end()) };
}

/** After a tenant is seeded: a new one goes to its region's cell; an existing one's lookup copies follow its cell. */
export async function settleSeededTenant(target: SeedTarget, tenantId: string, region: string): Promise<void> {
  if (!cellsConfigured()) return;
  if (target.cellName === null) {
    await placeNewTenant(tenantId, region);
    return;
  }
  if (cellIsControlPlane(target.cellName)) return;
  // The membership was written on the control plane (its user is there): the cell gets it with its user copy.
  await syncLookupTable(tenantId, target.cellName, "memberships", "to-cell");
  await syncLookupTable(tenantId, target.cellName, "channel_routes", "to-control-plane");
}
