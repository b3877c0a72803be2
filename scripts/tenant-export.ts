import { writeFile } from "node:fs/promises";
import pg from "pg";
import { z } from "zod";
import { cellUrls } from "../lib/cells/cell-config";
import { databaseUrls } from "../lib/db/database-urls";
import { currentArchiveKey, exportTenant } from "../lib/tenant-data";

/*
 * `npm run tenant:export -- <slug> <file>`: one tenant's data, from its cell,
 * as one archive (lib/tenant-data/archive-format.ts). The same archive is the
 * per-tenant backup, the GDPR export and the live move's payload.
 */
const args = z.tuple([z.string().regex(/^[a-z0-9-]+$/, "slug"), z.string().min(1, "file")]).safeParse(process.argv.slice(2));
if (!args.success) {
  console.error("usage: npm run tenant:export -- <slug> <file>");
  process.exit(2);
}
const [slug, file] = args.data;

const control = new pg.Client({ connectionString: databaseUrls().migration });
await control.connect();
const found = await control.query<{ id: string; cell: string | null }>("SELECT id, cell FROM tenants WHERE slug = $1", [slug]).finally(() => control.end());
const tenant = found.rows[0];
if (!tenant) {
  console.error(`No tenant with slug ${slug}`);
  process.exit(2);
}
const cell = tenant.cell ?? "default";
const client = new pg.Client({ connectionString: cellUrls(cell).owner });
await client.connect();
try {
  const { archive, manifest } = await exportTenant(client, { id: tenant.id, slug }, currentArchiveKey());
  await writeFile(file, archive, { mode: 0o600 });
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`${slug} (cell ${cell}): ${manifest.tables.length} tables, ${rows} rows, schema ${manifest.schemaVersion} → ${file} (${archive.length} bytes)`);
} finally {
  await client.end();
}
