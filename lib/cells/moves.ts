import pg from "pg";
import { databaseUrls } from "@/lib/db/database-urls";
import { cellDirectory } from "@/lib/db/cell-databases";
import { isCell } from "./cell-config";
import { syncTenantCopy } from "./placement";

/*
 * The directory side of a live move (the copy itself is lib/move's): freeze
 * the tenant while the last rows are copied, then flip it to its new cell.
 * Each is one update of the control plane's tenants row; the row's version
 * trigger announces it on commit, so every process drops its cached entry
 * and a request waiting on the freeze looks again at once.
 */

async function onControlPlane<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrls().migration });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Requests for the tenant now wait (up to CELL_FREEZE_WAIT_MS) and voice answers "one moment". */
export async function freezeTenant(tenantId: string): Promise<Date> {
  const at = await onControlPlane(async (c) => {
    const { rows } = await c.query<{ at: Date }>(
      `UPDATE tenants SET cell_state = 'frozen', cell_frozen_at = coalesce(cell_frozen_at, now()) WHERE id = $1 AND cell_state <> 'deleting' RETURNING cell_frozen_at AS at`,
      [tenantId],
    );
    // A tenant being deleted (lib/cells/tenant-removal.ts) is not moved.
    if (!rows[0]) throw new Error(`No tenant ${tenantId}, or it is being deleted`);
    return rows[0].at;
  });
  cellDirectory().invalidate(tenantId);
  return at;
}

/** Ends a freeze without moving (an aborted move). */
export async function unfreezeTenant(tenantId: string): Promise<void> {
  await onControlPlane((c) => c.query(`UPDATE tenants SET cell_state = 'serving', cell_frozen_at = NULL WHERE id = $1`, [tenantId]));
  cellDirectory().invalidate(tenantId);
}

/**
 * Points the directory at `toCell` and ends the freeze: from the commit on,
 * every statement for the tenant goes to the new cell. The new cell's copy of
 * the tenant row is refreshed so it names its cell.
 */
export async function flipTenantCell(tenantId: string, toCell: string): Promise<void> {
  if (!isCell(toCell)) throw new Error(`No cell "${toCell}" is configured (CELLS)`);
  await onControlPlane(async (c) => {
    const { rowCount } = await c.query(
      `UPDATE tenants SET cell = $2, cell_state = 'serving', cell_frozen_at = NULL WHERE id = $1`,
      [tenantId, toCell],
    );
    if (!rowCount) throw new Error(`No tenant ${tenantId}`);
  });
  cellDirectory().invalidate(tenantId);
  await syncTenantCopy(tenantId, toCell);
}
