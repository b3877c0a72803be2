import pg from "pg";
import { packArchive, type MacKeys } from "./archive-format";
import { LOOKUP_COPIES } from "@/lib/cells/tables";
import { cellTablesInDependencyOrder, foreignKeys } from "./catalog";
import { nameCellDatabase } from "@/lib/cells/cell-identity";
import { deleteTenantRows, exportTenant, importTenant, loadArchiveInTransaction, type ArchiveKey } from "./export-import";
import { pinSession, readTenantRows, schemaVersion } from "./tenant-rows";

/*
 * A live move of one tenant between cells:
 *  1. pre-copy: a snapshot is exported and loaded into the new cell while
 *     the tenant keeps working there in the old one;
 *  2. freeze (directory): new requests wait; in the old cell one transaction
 *     locks the tenant row (FOR UPDATE: every insert's foreign-key check on it
 *     waits) and every row of the tenant (updates and deletes wait), so what
 *     it reads next is final, including writes that were in flight;
 *  3. the new cell replaces the pre-copy with those rows in one transaction
 *     and checks counts and checksums;
 *  4. flip (directory): requests go to the new cell;
 *  5. the old cell's transaction deletes the tenant's rows and its copy of
 *     the tenant row, then commits: writes that were waiting on its locks fail
 *     (their tenant row is gone), so none lands in the old cell, and none was
 *     acknowledged before the final read.
 * The re-copy of step 3 is whole (not a delta): the freeze lasts one copy of
 * the tenant, measured and recorded in tenant_moves.
 */

export interface MoveDirectory {
  freeze(tenantId: string): Promise<unknown>;
  unfreeze(tenantId: string): Promise<unknown>;
  flip(tenantId: string, toCell: string): Promise<unknown>;
}

export interface MoveOptions {
  tenant: { id: string; slug: string };
  from: { name: string; ownerUrl: string; isControlPlane: boolean };
  /** `isControlPlane`: the control plane's own database, which holds lookup copies of the tenant's routes already. */
  to: { name: string; ownerUrl: string; isControlPlane?: boolean };
  /** Owner connection to the control plane, where tenant_moves lives. */
  controlPlaneUrl: string;
  directory: MoveDirectory;
  mac: ArchiveKey;
  keys: MacKeys;
  now?: () => number;
  log?: (line: string) => void;
}

export interface MoveReport {
  moveId: string;
  rows: number;
  tables: number;
  freezeMs: number;
  precopyMs: number;
}

const isLookupCopy = (table: string) => (LOOKUP_COPIES as readonly string[]).includes(table);

type Phase = "copying" | "frozen" | "verified" | "flipped" | "done" | "failed";

async function connected(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Loads an archive in place of the tenant's rows already there (a pre-copy, or lookup copies). */
async function replaceInTransaction(target: pg.Client, archive: Buffer, keys: MacKeys): Promise<void> {
  await target.query("BEGIN");
  try {
    await loadArchiveInTransaction(target, archive, keys, true);
    await target.query("COMMIT");
  } catch (error) {
    await target.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

export async function moveTenant(options: MoveOptions): Promise<MoveReport> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const { tenant } = options;
  const control = await connected(options.controlPlaneUrl);
  const source = await connected(options.from.ownerUrl);
  const target = await connected(options.to.ownerUrl);
  const { rows } = await control.query<{ id: string }>(
    `INSERT INTO tenant_moves (tenant_id, from_cell, to_cell, started_at, updated_at) VALUES ($1, $2, $3, now(), now()) RETURNING id`,
    [tenant.id, options.from.name, options.to.name],
  );
  const moveId = rows[0]!.id;
  const record = (phase: Phase, extra: { rows?: number; tables?: number; freezeMs?: number; error?: string } = {}) =>
    control.query(
      `UPDATE tenant_moves SET phase = $3, rows_copied = coalesce($4, rows_copied), tables_copied = coalesce($5, tables_copied),
         freeze_ms = coalesce($6, freeze_ms), error = $7, updated_at = now(),
         finished_at = CASE WHEN $3 IN ('done', 'failed') THEN now() ELSE NULL END
       WHERE tenant_id = $1 AND id = $2`,
      [tenant.id, moveId, phase, extra.rows ?? null, extra.tables ?? null, extra.freezeMs ?? null, extra.error ?? null],
    );
  let frozen = false;
  let flipped = false;
  let sourceOpen = false;
  try {
    if ((await schemaVersion(source)) !== (await schemaVersion(target))) throw new Error("The two cells are not at the same migration");
    const cellTables = await cellTablesInDependencyOrder(source);
    const guarded = new Set((await foreignKeys(source)).filter((f) => f.references === "tenants").map((f) => f.table));
    const unguarded = cellTables.filter((t) => !guarded.has(t));
    // The tenant-row lock is what makes in-flight inserts wait: every cell table must reference it.
    if (unguarded.length) throw new Error(`Cell tables without a foreign key to tenants: ${unguarded.join(", ")}`);

    const t0 = now();
    const pre = await exportTenant(source, tenant, options.mac);
    if (options.to.isControlPlane) await replaceInTransaction(target, pre.archive, options.keys);
    else await importTenant(target, pre.archive, options.keys);
    const precopyMs = now() - t0;
    log(`pre-copy: ${pre.manifest.tables.reduce((n, t) => n + t.rows, 0)} rows in ${precopyMs} ms`);

    await options.directory.freeze(tenant.id);
    frozen = true;
    const frozenAt = now();
    await record("frozen");
    await source.query("BEGIN");
    sourceOpen = true;
    await pinSession(source, tenant.id);
    await source.query("SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE", [tenant.id]);
    for (const table of cellTables) await source.query(`SELECT 1 FROM "${table}" WHERE tenant_id = $1 FOR UPDATE`, [tenant.id]);
    const finalRows = await readTenantRows(source, tenant.id);
    const final = packArchive({ tenant, schemaVersion: await schemaVersion(source), createdAt: new Date(now()).toISOString(), macKeyVersion: options.mac.version }, finalRows, options.mac.key);

    await replaceInTransaction(target, final.archive, options.keys);
    const rowCount = final.manifest.tables.reduce((n, t) => n + t.rows, 0);
    await record("verified", { rows: rowCount, tables: final.manifest.tables.length });

    if (options.from.isControlPlane) {
      // Here the tenant row this transaction holds locked is the directory itself: flip it in the same commit.
      // Named, this database then refuses the app's late writes for the tenant (migration 20261208050200).
      await nameCellDatabase(source, options.from.name);
      await source.query("UPDATE tenants SET cell = $2, cell_state = 'serving', cell_frozen_at = NULL WHERE id = $1", [tenant.id, options.to.name]);
    } else {
      await options.directory.flip(tenant.id, options.to.name);
      flipped = true;
    }
    const freezeMs = now() - frozenAt;
    await record(options.from.isControlPlane ? "verified" : "flipped", { freezeMs });
    log(`frozen ${freezeMs} ms; flipped to ${options.to.name}`);

    // The control plane keeps its lookup copies (routes, memberships, invitations): webhooks and sign-in read them there.
    await deleteTenantRows(source, tenant.id, options.from.isControlPlane ? cellTables.filter((t) => !isLookupCopy(t)) : cellTables);
    // Without its tenant row the old cell refuses any late write (foreign keys).
    // A default cell sharing the control plane's database keeps it: there it is the directory.
    if (!options.from.isControlPlane) await source.query("DELETE FROM tenants WHERE id = $1", [tenant.id]);
    await source.query("COMMIT");
    sourceOpen = false;
    if (options.from.isControlPlane) {
      flipped = true;
      // Announces the committed flip to every process's directory cache and refreshes the new cell's tenant row copy.
      await options.directory.flip(tenant.id, options.to.name);
    }
    await record("done");
    return { moveId, rows: rowCount, tables: final.manifest.tables.length, freezeMs, precopyMs };
  } catch (error) {
    if (sourceOpen) await source.query("ROLLBACK").catch(() => undefined);
    if (!flipped) {
      // The old cell still holds everything: drop the new cell's copy and let the tenant go on there.
      await target.query("BEGIN").then(async () => {
        const tables = await cellTablesInDependencyOrder(target);
        await deleteTenantRows(target, tenant.id, options.to.isControlPlane ? tables.filter((t) => !isLookupCopy(t)) : tables);
        await target.query("COMMIT");
      }).catch(() => target.query("ROLLBACK").catch(() => undefined));
      if (frozen) await options.directory.unfreeze(tenant.id).catch(() => undefined);
    }
    await record("failed", { error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    throw error;
  } finally {
    await Promise.all([control.end(), source.end(), target.end()].map((p) => p.catch(() => undefined)));
  }
}
