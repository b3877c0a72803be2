import pg from "pg";
import { databaseUrls } from "../lib/db/database-urls";
import { citusPlan } from "../lib/tenant-data/citus-plan";

/*
 * `npm run scale-out:citus`: prints, from a migrated database's catalog (DATABASE_URL),
 * the statements that distribute a cell on Citus (pasted into docs/scale-out.md).
 */
const client = new pg.Client({ connectionString: databaseUrls().migration });
await client.connect();
try {
  for (const line of await citusPlan(client)) console.log(line);
} finally {
  await client.end();
}
