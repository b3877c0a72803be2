import { applyMigrations, type MigrationResult } from "@/lib/db/migrate";
import { databaseUrls } from "@/lib/db/database-urls";
import { cellsConfig } from "./cell-config";
import { cellIsControlPlane, syncReferenceTables } from "./placement";

/*
 * Every database runs the same migrations (one schema): the control plane,
 * then each cell with a database of its own, whose plans catalogue is then
 * refreshed from the control plane's.
 */
export async function migrateAllCells(controlPlaneUrl = databaseUrls().migration): Promise<Map<string, MigrationResult>> {
  const results = new Map<string, MigrationResult>([["control plane", await applyMigrations(controlPlaneUrl)]]);
  const config = cellsConfig();
  for (const [cell, urls] of config.cells) {
    if (cellIsControlPlane(cell, config)) continue;
    results.set(cell, await applyMigrations(urls.owner));
    await syncReferenceTables(cell);
  }
  return results;
}
