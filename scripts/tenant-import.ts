import { readFile } from "node:fs/promises";
import pg from "pg";
import { z } from "zod";
import { cellUrls, DEFAULT_CELL, isCell } from "../lib/cells/cell-config";
import { ArchiveRefusedError, archiveMacKeys, importTenant } from "../lib/tenant-data";

/*
 * `npm run tenant:import -- <file> [cell]`: loads an archive into a cell
 * (default: the default cell) where the tenant has no rows yet. The archive is
 * verified first; the load is one transaction, so a refusal writes nothing.
 * The directory is not changed here: placing the tenant is the move's job.
 */
const args = z.tuple([z.string().min(1, "file"), z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, "cell").optional()]).safeParse(process.argv.slice(2));
if (!args.success) {
  console.error("usage: npm run tenant:import -- <file> [cell]");
  process.exit(2);
}
const [file, cell = DEFAULT_CELL] = args.data;
if (!isCell(cell)) {
  console.error(`Unknown cell ${cell} (see CELLS / CELLS_FILE)`);
  process.exit(2);
}
const client = new pg.Client({ connectionString: cellUrls(cell).owner });
await client.connect();
try {
  const result = await importTenant(client, await readFile(file), archiveMacKeys());
  const rows = result.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`${result.manifest.tenant.slug} → cell ${cell}: ${result.tables.length} tables, ${rows} rows, counts and checksums verified`);
} catch (error) {
  if (!(error instanceof ArchiveRefusedError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
} finally {
  await client.end();
}
