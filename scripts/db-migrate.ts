import { applyMigrations } from "../lib/db/migrate";
import { openLocalDatabase } from "../lib/db/local-database";

const database = await openLocalDatabase();
try {
  const result = await applyMigrations(database.url);
  for (const name of result.applied) console.log(`applied  ${name}`);
  console.log(`${result.applied.length} applied, ${result.alreadyApplied.length} already up to date`);
} finally {
  await database.stop();
}
