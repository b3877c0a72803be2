import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/*
 * `npm run db:seed` with cells configured (two databases on the shared
 * server): each demo tenant is placed in its region's cell as sign-up places
 * a new tenant, and a second run changes nothing: no tenant moves, no row is
 * added or left on the wrong side, the credentials handed out still work.
 */

const run = promisify(execFile);
let control: TestDatabase;
let ch: TestDatabase;
let dataDir: string;
const clients: Record<"control" | "ch", pg.Client> = {} as never;

beforeAll(async () => {
  [control, ch] = await Promise.all([createTestDatabase("seedcells"), createTestDatabase("seedcellsch")]);
  dataDir = await mkdtemp(path.join(os.tmpdir(), "seed-cells-"));
  clients.control = new pg.Client({ connectionString: control.adminUrl });
  clients.ch = new pg.Client({ connectionString: ch.adminUrl });
  await Promise.all(Object.values(clients).map((c) => c.connect()));
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(clients).map((c) => c.end().catch(() => undefined)));
  await Promise.allSettled([control?.drop(), ch?.drop()]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The real seed, as `npm run db:seed` runs it. */
async function seed(): Promise<void> {
  const root = path.resolve(import.meta.dirname, "../..");
  await run(path.join(root, "node_modules/.bin/tsx"), ["--import", "./scripts/server-only-hook.mjs", "scripts/db-seed.ts"], {
    cwd: root,
    timeout: 120_000,
    env: {
      ...process.env,
      DATABASE_URL: control.adminUrl,
      CELLS: `default=${control.adminUrl},ch=${ch.adminUrl}`,
      REGION_CELLS: "CH=ch,*=default",
      FRONTDESK_DATA_DIR: dataDir,
    },
  });
}

const TABLES = ["tenants", "memberships", "business_profiles", "opening_hours", "faq_entries", "services", "channel_routes", "resources"];

/** Per database, tenant slug and table: how many rows; and each tenant's cell in the directory. */
async function snapshot(): Promise<{ cells: Record<string, string>; rows: Record<string, number>; services: string[] }> {
  const { rows: tenants } = await clients.control.query<{ id: string; slug: string; cell: string }>("SELECT id, slug, cell FROM tenants ORDER BY slug");
  const rows: Record<string, number> = {};
  for (const [where, client] of Object.entries(clients)) {
    for (const t of tenants) {
      for (const table of TABLES) {
        const column = table === "tenants" ? "id" : "tenant_id";
        const { rows: r } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE ${column} = $1`, [t.id]);
        if (r[0]!.n) rows[`${where} ${t.slug} ${table}`] = r[0]!.n;
      }
    }
  }
  const services = [
    ...(await clients.control.query<{ id: string }>("SELECT id FROM services ORDER BY id")).rows,
    ...(await clients.ch.query<{ id: string }>("SELECT id FROM services ORDER BY id")).rows,
  ].map((r) => r.id);
  return { cells: Object.fromEntries(tenants.map((t) => [t.slug, t.cell])), rows, services };
}

it("places each demo tenant in its region's cell, and a second run changes nothing", async () => {
  await seed();
  const first = await snapshot();
  expect(first.cells).toEqual({ "cabinet-dupont": "ch", "maple-dental": "default", "salon-amel": "default" });
  const rows = first.rows;
  // The CH tenant's rows are in its cell; the control plane keeps its directory row and lookup copies only.
  for (const table of TABLES) {
    expect(rows[`ch cabinet-dupont ${table}`], table).toBeGreaterThan(0);
  }
  for (const table of ["business_profiles", "opening_hours", "faq_entries", "services", "resources"]) {
    expect(rows[`control cabinet-dupont ${table}`], table).toBeUndefined();
  }
  expect(rows["control cabinet-dupont channel_routes"]).toBe(rows["ch cabinet-dupont channel_routes"]);
  expect(rows["control cabinet-dupont memberships"]).toBe(rows["ch cabinet-dupont memberships"]);
  // The others stayed on the control plane; the second database holds nothing of theirs.
  expect(rows["control maple-dental services"]).toBeGreaterThan(0);
  expect(Object.keys(rows).filter((k) => k.startsWith("ch ") && !k.startsWith("ch cabinet-dupont"))).toEqual([]);

  const seedFile = JSON.parse(await readFile(path.join(dataDir, "seed.json"), "utf8")) as { tenants: Array<{ slug: string; widgetKey: string }> };
  await seed();
  const second = await snapshot();
  expect(second).toEqual(first);
  // The widget key handed out by the first run still opens the CH tenant's route, now read from its cell.
  const again = JSON.parse(await readFile(path.join(dataDir, "seed.json"), "utf8")) as typeof seedFile;
  expect(again.tenants.map((t) => t.widgetKey)).toEqual(seedFile.tenants.map((t) => t.widgetKey));
}, 180_000);

it("without CELLS the seed writes everything on the one database, as before", async () => {
  // The first test's databases are the cells; a fresh one checks the default.
  const alone = await createTestDatabase("seednocells");
  const dir = await mkdtemp(path.join(os.tmpdir(), "seed-nocells-"));
  try {
    const root = path.resolve(import.meta.dirname, "../..");
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: alone.adminUrl, FRONTDESK_DATA_DIR: dir };
    for (const name of ["CELLS", "CELLS_FILE", "REGION_CELLS"]) delete env[name];
    await run(path.join(root, "node_modules/.bin/tsx"), ["--import", "./scripts/server-only-hook.mjs", "scripts/db-seed.ts"], { cwd: root, env, timeout: 120_000 });
    const c = new pg.Client({ connectionString: alone.adminUrl });
    await c.connect();
    try {
      const { rows } = await c.query<{ cell: string; services: number }>(
        "SELECT t.cell, (SELECT count(*)::int FROM services s WHERE s.tenant_id = t.id) AS services FROM tenants t ORDER BY t.slug",
      );
      expect(rows.map((r) => r.cell)).toEqual(["default", "default", "default"]);
      expect(rows.every((r) => r.services > 0)).toBe(true);
    } finally {
      await c.end();
    }
  } finally {
    await alone.drop();
    await rm(dir, { recursive: true, force: true });
  }
}, 180_000);
