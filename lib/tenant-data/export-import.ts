import type pg from "pg";
import { ArchiveRefusedError, assertRowsOfTenant, packArchive, tableChecksum, unpackArchive, type ArchiveManifest, type MacKeys } from "./archive-format";
import { MEMBER_USERS, TENANT_ROW, danglingReferences, insertRows, pinSession, readCellRows, readTenantRows, schemaVersion } from "./tenant-rows";
import { cellTablesInDependencyOrder } from "./catalog";
import { CELL_COPIES } from "@/lib/cells/tables";

/*
 * Export: one REPEATABLE READ READ ONLY transaction, so every table is read
 * from the same snapshot. Import: one transaction that verifies the archive
 * before writing, loads parents first with triggers off (the rows already
 * carry what triggers would have derived), checks every foreign key and
 * re-reads the tables to compare counts and checksums; any difference rolls
 * everything back. Sealed secrets travel as they are: the same master key opens them.
 */

export interface ArchiveKey {
  version: number;
  key: Buffer;
}

export async function exportTenant(client: pg.ClientBase, tenant: { id: string; slug: string }, mac: ArchiveKey, now = new Date()): Promise<{ archive: Buffer; manifest: ArchiveManifest }> {
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await pinSession(client, tenant.id);
    const version = await schemaVersion(client);
    const tables = await readTenantRows(client, tenant.id);
    if (tables[0]!.rows.length !== 1) throw new Error(`Tenant ${tenant.slug} has no row in this database`);
    await client.query("COMMIT");
    return packArchive({ tenant, schemaVersion: version, createdAt: now.toISOString(), macKeyVersion: mac.version }, tables, mac.key);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

export interface ImportResult {
  manifest: ArchiveManifest;
  tables: Array<{ name: string; rows: number; sha256: string }>;
}

/**
 * Loads inside the caller's open transaction (the live move reuses it); throws
 * to roll back. `replace`: the tenant's rows already there (a move's pre-copy)
 * are deleted first, in the same transaction.
 */
export async function loadArchiveInTransaction(client: pg.ClientBase, archive: Buffer, keys: MacKeys, replace = false): Promise<ImportResult> {
  const { manifest, tables } = unpackArchive(archive, keys);
  const tenantId = manifest.tenant.id;
  await pinSession(client, tenantId);
  const target = await schemaVersion(client);
  if (target !== manifest.schemaVersion) throw new ArchiveRefusedError(`made at schema ${manifest.schemaVersion}, this database is at ${target}`);
  const cellTables = await cellTablesInDependencyOrder(client);
  const archived = tables.filter((t) => t.name !== TENANT_ROW && t.name !== MEMBER_USERS).map((t) => t.name);
  if (archived.join() !== cellTables.join()) throw new ArchiveRefusedError("its tables differ from this database's cell tables");
  assertRowsOfTenant(manifest, tables, { tenants: TENANT_ROW, users: MEMBER_USERS });
  if (replace) await deleteTenantRows(client, tenantId, cellTables);
  const present = await readCellRows(client, tenantId, cellTables);
  const occupied = present.filter((t) => t.rows.length > 0).map((t) => t.name);
  if (occupied.length) throw new ArchiveRefusedError(`the tenant already has rows here (${occupied.join(", ")})`);
  // Derived rows (appointment events, queued confirmations, notifications) are in the archive already.
  await client.query("SET LOCAL session_replication_role = replica");
  for (const t of tables) {
    if (t.name === TENANT_ROW) await insertRows(client, "tenants", t.rows, undefined, "ON CONFLICT (id) DO NOTHING");
    else if (t.name === MEMBER_USERS) await insertRows(client, "users", t.rows, CELL_COPIES.users, "ON CONFLICT (id) DO NOTHING");
    else await insertRows(client, t.name, t.rows);
  }
  await client.query("SET LOCAL session_replication_role = origin");
  const dangling = await danglingReferences(client, tenantId, cellTables);
  if (dangling.length) throw new ArchiveRefusedError(`references missing after the load: ${dangling.join("; ")}`);
  const loaded = await readCellRows(client, tenantId, cellTables);
  const expected = loaded.map((t) => ({ name: t.name, rows: t.rows.length, sha256: tableChecksum(t.rows) }));
  for (const e of expected) {
    const m = manifest.tables.find((t) => t.name === e.name)!;
    if (m.rows !== e.rows || m.sha256 !== e.sha256) throw new Error(`${e.name}: loaded ${e.rows} rows (checksum ${e.sha256.slice(0, 12)}), archive has ${m.rows} (${m.sha256.slice(0, 12)})`);
  }
  return { manifest, tables: expected };
}

/** Deletes the tenant's rows of every cell table, children first, triggers off (nothing is derived from a removal). */
export async function deleteTenantRows(client: pg.ClientBase, tenantId: string, cellTables: readonly string[]): Promise<number> {
  await client.query("SET LOCAL session_replication_role = replica");
  let deleted = 0;
  for (const table of [...cellTables].reverse()) deleted += (await client.query(`DELETE FROM "${table}" WHERE tenant_id = $1`, [tenantId])).rowCount ?? 0;
  await client.query("SET LOCAL session_replication_role = origin");
  return deleted;
}

export async function importTenant(client: pg.ClientBase, archive: Buffer, keys: MacKeys): Promise<ImportResult> {
  // Verified before anything is opened: a refused archive costs no transaction.
  unpackArchive(archive, keys);
  await client.query("BEGIN");
  try {
    const result = await loadArchiveInTransaction(client, archive, keys);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
