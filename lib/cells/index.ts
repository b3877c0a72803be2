import "server-only";
import { cellDirectory } from "@/lib/db/cell-databases";
import { DEFAULT_CELL } from "./cell-config";
import type { CellEntry } from "./directory";

export { CONTROL_PLANE_TABLES, REFERENCE_TABLES, CELL_COPIES, LOOKUP_COPIES, classifyTables, cellTables, isControlPlaneTable } from "./tables";
export { DEFAULT_CELL, cellUrls, cellsConfig, cellForRegion, isCell, parseCellsConfig, resetCellsConfig, type CellUrls, type CellsConfig } from "./cell-config";
export { TenantMovingError, type CellEntry, type CellState } from "./directory";
export { freezeTenant, unfreezeTenant, flipTenantCell } from "./moves";
export { placeTenant, placeNewTenant, syncTenantCopy, syncTenantToControlPlane, syncLookupTable, syncReferenceTables, cellIsControlPlane } from "./placement";
export { markTenantDeleting, deleteExpiredTenant, finishTenantDeletion, finishPendingTenantDeletions, type SystemDeletion } from "./tenant-removal";
export { startDirectorySync, type DirectorySync } from "./directory-sync";
export { migrateAllCells } from "./migrate-cells";

/** The cell holding the tenant's data (cached directory lookup); `default` for a tenant the directory does not know. */
export async function cellOf(tenantId: string): Promise<string> {
  return (await cellDirectory().entry(tenantId))?.cell ?? DEFAULT_CELL;
}

/** The tenant's directory entry (cell, serving or frozen), cached. */
export function cellEntryOf(tenantId: string): Promise<CellEntry | null> {
  return cellDirectory().entry(tenantId);
}
