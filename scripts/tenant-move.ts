import pg from "pg";
import { z } from "zod";
import { cellIsControlPlane, cellUrls, flipTenantCell, freezeTenant, isCell, unfreezeTenant } from "../lib/cells";
import { databaseUrls } from "../lib/db/database-urls";
import { archiveMacKeys, currentArchiveKey } from "../lib/tenant-data";
import { moveTenant } from "../lib/tenant-data/move";

/*
 * `npm run tenant:move -- <slug> <cell>`: moves a tenant to another cell while
 * it keeps working (lib/tenant-data/move.ts); progress in tenant_moves, shown
 * on the platform console's tenant page.
 */
const args = z.tuple([z.string().regex(/^[a-z0-9-]+$/, "slug"), z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, "cell")]).safeParse(process.argv.slice(2));
if (!args.success) {
  console.error("usage: npm run tenant:move -- <slug> <cell>");
  process.exit(2);
}
const [slug, to] = args.data;
if (!isCell(to)) {
  console.error(`Unknown cell ${to} (see CELLS / CELLS_FILE)`);
  process.exit(2);
}
const controlPlaneUrl = databaseUrls().migration;
const cp = new pg.Client({ connectionString: controlPlaneUrl });
await cp.connect();
const found = await cp.query<{ id: string; cell: string }>("SELECT id, cell FROM tenants WHERE slug = $1", [slug]).finally(() => cp.end());
const tenant = found.rows[0];
if (!tenant) {
  console.error(`No tenant with slug ${slug}`);
  process.exit(2);
}
if (tenant.cell === to) {
  console.error(`${slug} is already in cell ${to}`);
  process.exit(2);
}
const report = await moveTenant({
  tenant: { id: tenant.id, slug },
  from: { name: tenant.cell, ownerUrl: cellUrls(tenant.cell).owner, isControlPlane: cellIsControlPlane(tenant.cell) },
  to: { name: to, ownerUrl: cellUrls(to).owner, isControlPlane: cellIsControlPlane(to) },
  controlPlaneUrl,
  directory: { freeze: freezeTenant, unfreeze: unfreezeTenant, flip: flipTenantCell },
  mac: currentArchiveKey(),
  keys: archiveMacKeys(),
  log: (line) => console.log(line),
});
console.log(`${slug}: ${tenant.cell} → ${to}, ${report.rows} rows in ${report.tables} tables verified, frozen ${report.freezeMs} ms (move ${report.moveId})`);
process.exit(0);
