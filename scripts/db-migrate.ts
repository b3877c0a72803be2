import { applyMigrations } from "../lib/db/migrate";
import { databaseUrls } from "../lib/db/database-urls";

const { migration } = databaseUrls();
const result = await applyMigrations(migration);
for (const name of result.applied) console.log(`applied  ${name}`);
console.log(`${result.applied.length} applied, ${result.alreadyApplied.length} already up to date`);
