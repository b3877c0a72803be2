import { applyMigrations } from "./lib/db/migrate";
console.log(await applyMigrations(process.argv[2]!));
