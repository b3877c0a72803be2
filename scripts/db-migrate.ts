import { applyMigrations } from "../lib/db/migrate";
import { openLocalDatabase } from "../lib/db/local-database";
import { migrateAllCells } from "../lib/cells/migrate-cells";

const database = await openLocalDatabase();
try {
  // With CELLS, every cell's database too (lib/cells); otherwise the one database.
  const results = process.env.CELLS || process.env.CELLS_FILE
    ? await migrateAllCells(database.url)
    : new Map([["database", await applyMigrations(database.url)]]);
  for (const [where, result] of results) {
    for (const name of result.applied) console.log(`applied  ${name} (${where})`);
    console.log(`${where}: ${result.applied.length} applied, ${result.alreadyApplied.length} already up to date`);
  }
} finally {
  await database.stop();
}
