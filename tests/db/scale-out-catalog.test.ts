import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LOOKUP_COPIES } from "@/lib/cells/tables";
import { citusPlan } from "@/lib/tenant-data/citus-plan";
import { COPIED_INTO_CELLS, cellTablesInDependencyOrder, classifyTables, foreignKeys, uniqueIndexes } from "@/lib/tenant-data/catalog";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/*
 * What a cell needs to run on Citus (docs/scale-out.md), read from the
 * catalog so tables added later are checked too:
 * - every unique index / constraint / exclusion constraint of a tenant-owned
 *   table includes tenant_id (Citus refuses the others on a distributed table);
 * - a foreign key between tenant-owned tables includes tenant_id on both sides;
 * - global (control-plane) tables are referenced only from the control plane,
 *   except the rows every cell keeps a copy of (tenants, users' names, plans).
 */

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase("scaleout");
  client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

// Lookup copies keep their global uniqueness in the control plane's copy (a
// number or widget key names one tenant across all cells); docs/scale-out.md
// gives the tenant-keyed replacement a Citus cell uses.
const lookupCopies: readonly string[] = LOOKUP_COPIES;

it("every table is classified and the cell tables are the tenant-owned ones", async () => {
  const { cell, controlPlane, unclassified } = await classifyTables(client);
  expect(unclassified).toEqual([]);
  expect(cell.length).toBeGreaterThanOrEqual(16);
  expect(controlPlane).toContain("tenants");
  expect(await cellTablesInDependencyOrder(client)).toHaveLength(cell.length);
});

it("every unique index and exclusion constraint of a tenant-owned table includes tenant_id", async () => {
  const { cell } = await classifyTables(client);
  const indexes = (await uniqueIndexes(client)).filter((i) => cell.includes(i.table));
  expect(indexes.length).toBeGreaterThanOrEqual(cell.length);
  const missing = indexes.filter((i) => !i.columns.includes("tenant_id") && !lookupCopies.includes(i.table));
  expect(missing.map((i) => `${i.table}: ${i.definition}`)).toEqual([]);
  // The one deliberate exception today, so a new one is a decision, not an accident.
  const global = indexes.filter((i) => !i.columns.includes("tenant_id")).map((i) => i.name);
  expect(global).toEqual(["channel_routes_channel_key_key"]);
});

it("foreign keys between tenant-owned tables include tenant_id on both sides", async () => {
  const { cell } = await classifyTables(client);
  const bad = (await foreignKeys(client))
    .filter((f) => cell.includes(f.table) && cell.includes(f.references))
    .filter((f) => f.columns.indexOf("tenant_id") < 0 || f.columns.indexOf("tenant_id") !== f.referencedColumns.indexOf("tenant_id"));
  expect(bad.map((f) => `${f.table}.${f.name}`)).toEqual([]);
});

it("global tables are referenced only from the control plane, or copied into every cell", async () => {
  const { cell, controlPlane } = await classifyTables(client);
  const fks = await foreignKeys(client);
  const cellToGlobal = fks.filter((f) => cell.includes(f.table) && controlPlane.includes(f.references) && !COPIED_INTO_CELLS.includes(f.references));
  expect(cellToGlobal.map((f) => `${f.table} -> ${f.references} (${f.name})`)).toEqual([]);
  const globalToCell = fks.filter((f) => controlPlane.includes(f.table) && cell.includes(f.references));
  expect(globalToCell.map((f) => `${f.table} -> ${f.references} (${f.name})`)).toEqual([]);
  // A cell table reaches the tenant row through its own tenant_id, nothing else.
  const toTenants = fks.filter((f) => cell.includes(f.table) && f.references === "tenants");
  expect(toTenants.filter((f) => f.columns.join() !== "tenant_id").map((f) => f.name)).toEqual([]);
});

it("the Citus plan distributes every cell table once, co-located with the tenant row copy", async () => {
  const plan = await citusPlan(client);
  const { cell } = await classifyTables(client);
  const distributed = plan.flatMap((l) => /create_distributed_table\('(\w+)', 'tenant_id', colocate_with => 'tenants'\)/.exec(l)?.[1] ?? []);
  expect([...distributed].sort()).toEqual([...cell].sort());
  expect(plan).toContain("SELECT create_distributed_table('tenants', 'id');");
  expect(plan.filter((l) => l.includes("create_reference_table"))).toHaveLength(COPIED_INTO_CELLS.length - 1);
});
