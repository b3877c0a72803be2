import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPool, createUnscopedDb } from "@/lib/db/tenant-db";
import type { PlatformDb } from "@/lib/db/platform-db";
import { loadTenantMoves } from "@/lib/platform/queries";
import { inTenantTransaction } from "@/lib/db/tenant-transaction";
import { archiveMacKey } from "@/lib/tenant-data/archive-format";
import { moveTenant } from "@/lib/tenant-data/move";
import { insertRows } from "@/lib/tenant-data/tenant-rows";
import { runAsTenant } from "@/lib/tenancy";
import { startPostgresCluster, type PostgresCluster } from "../support/postgres-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { insertTenant } from "../support/tenant-fixtures";

/*
 * A live move under load, across two PostgreSQL servers: 20 concurrent
 * clients keep booking (each booking one transaction through the app role's
 * tenant-scoped pool of the cell the directory names, waiting while it says
 * frozen) while the tenant moves from cell "one" (shared server) to cell
 * "two" (a cluster of the test's own). Afterwards every acknowledged booking
 * is in cell two, none is in cell one, there are no duplicates, and a late
 * write on cell one is refused.
 */

const CLIENTS = 20;
const master = randomBytes(32);
const mac = { version: 1, key: archiveMacKey(master) };
const keys = (v: number) => (v === 1 ? archiveMacKey(master) : undefined);

let cluster: PostgresCluster;
let control: TestDatabase;
let one: TestDatabase;
let two: TestDatabase;
let cp: pg.Client;
let tenantId: string;
let serviceId: string;
const clientIds: string[] = [];
const pools: Record<string, pg.Pool> = {};

beforeAll(async () => {
  cluster = await startPostgresCluster();
  [control, one, two] = await Promise.all([createTestDatabase("movecp"), createTestDatabase("moveone"), createTestDatabase("movetwo", cluster.url())]);
  cp = new pg.Client({ connectionString: control.adminUrl });
  await cp.connect();
  tenantId = await insertTenant(cp, "mover");
  await cp.query("UPDATE tenants SET cell = 'one' WHERE id = $1", [tenantId]);
  const cellOne = new pg.Client({ connectionString: one.adminUrl });
  await cellOne.connect();
  const row = await cp.query<{ r: string }>("SELECT to_jsonb(t)::text AS r FROM tenants t WHERE id = $1", [tenantId]);
  await insertRows(cellOne, "tenants", [row.rows[0]!.r]);
  serviceId = randomUUID();
  await cellOne.query("INSERT INTO services (id, tenant_id, name, duration_minutes, updated_at) VALUES ($1, $2, 'Consultation', 30, now())", [serviceId, tenantId]);
  for (let i = 0; i < CLIENTS; i++) {
    const id = randomUUID();
    clientIds.push(id);
    await cellOne.query("INSERT INTO clients (id, tenant_id, name, phone, updated_at) VALUES ($1, $2, $3, $4, now())", [id, tenantId, `Client ${i}`, `+3360000${String(i).padStart(4, "0")}`]);
  }
  await cellOne.end();
  pools.one = createPool({ url: one.appUrl, max: 10 });
  pools.two = createPool({ url: two.appUrl, max: 10 });
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(pools).map((p) => p.end().catch(() => undefined)));
  await cp?.end();
  await Promise.all([control, one, two].map((d) => d?.drop().catch(() => undefined)));
  await cluster?.destroy();
});

/** The directory as request paths read it: the tenant's cell, waiting while it is frozen. */
async function cellOfTenant(): Promise<string> {
  for (;;) {
    const { rows } = await cp.query<{ cell: string; cell_state: string }>("SELECT cell, cell_state FROM tenants WHERE id = $1", [tenantId]);
    if (rows[0]!.cell_state !== "frozen") return rows[0]!.cell;
    await new Promise((r) => setImmediate(r));
  }
}

const directory = {
  freeze: (id: string) => cp.query("UPDATE tenants SET cell_state = 'frozen', cell_frozen_at = now() WHERE id = $1", [id]),
  unfreeze: (id: string) => cp.query("UPDATE tenants SET cell_state = 'serving', cell_frozen_at = NULL WHERE id = $1", [id]),
  flip: (id: string, cell: string) => cp.query("UPDATE tenants SET cell = $2, cell_state = 'serving', cell_frozen_at = NULL WHERE id = $1", [id, cell]),
};

const base = Date.UTC(2031, 0, 6, 8);
async function book(client: number, k: number): Promise<{ id: string; cell: string } | null> {
  const cell = await cellOfTenant();
  const id = randomUUID();
  const starts = new Date(base + (client * 10_000 + k) * 30 * 60_000);
  try {
    await runAsTenant(tenantId, () =>
      inTenantTransaction(pools[cell]!, [
        {
          text: `INSERT INTO appointments (id, service_id, client_id, starts_at, ends_at, channel, updated_at) VALUES ($1, $2, $3, $4, $5, 'web', now())`,
          values: [id, serviceId, clientIds[client], starts, new Date(starts.getTime() + 30 * 60_000)],
        },
      ], async () => ({ closing: [], value: undefined })),
    );
    return { id, cell };
  } catch {
    return null; // not acknowledged: the client was told it failed
  }
}

it("moves a tenant between two servers under 20 concurrent booking clients without losing or duplicating an acknowledged booking", async () => {
  const acknowledged: Array<{ id: string; cell: string }> = [];
  const refused: number[] = [];
  let moved = false;
  const afterFlip = new Array<number>(CLIENTS).fill(0);
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    for (let k = 0; !moved || afterFlip[c]! < 3; k++) {
      const r = await book(c, k);
      if (r) acknowledged.push(r);
      else refused.push(c);
      if (moved && r) afterFlip[c]!++;
    }
  });
  // Let every client book at least once in cell one before the move starts.
  while (acknowledged.length < CLIENTS) await new Promise((r) => setImmediate(r));
  const report = await moveTenant({
    tenant: { id: tenantId, slug: "mover" },
    from: { name: "one", ownerUrl: one.adminUrl, isControlPlane: false },
    to: { name: "two", ownerUrl: two.adminUrl },
    controlPlaneUrl: control.adminUrl,
    directory,
    mac,
    keys,
  });
  moved = true;
  await Promise.all(clients);

  const inTwo = await withClient(two.adminUrl, (c) => c.query<{ id: string }>("SELECT id FROM appointments WHERE tenant_id = $1", [tenantId]));
  const inOne = await withClient(one.adminUrl, (c) => c.query("SELECT count(*)::int AS n FROM appointments WHERE tenant_id = $1", [tenantId]));
  const twoIds = new Set(inTwo.rows.map((r) => r.id));
  const missing = acknowledged.filter((a) => !twoIds.has(a.id));
  console.log(
    `live move: ${acknowledged.length} bookings acknowledged (${acknowledged.filter((a) => a.cell === "one").length} in cell one, ` +
      `${acknowledged.filter((a) => a.cell === "two").length} in cell two), ${refused.length} refused and retried; ` +
      `freeze ${report.freezeMs} ms, pre-copy ${report.precopyMs} ms, ${report.rows} rows in ${report.tables} tables`,
  );
  expect(missing).toEqual([]);
  expect(inTwo.rows.length).toBe(twoIds.size);
  expect(inTwo.rows.length).toBe(acknowledged.length);
  expect(inOne.rows[0].n).toBe(0);
  expect(acknowledged.some((a) => a.cell === "one") && acknowledged.some((a) => a.cell === "two")).toBe(true);

  // The old cell has no tenant row left (nor its default resource): a late write there is refused.
  expect((await withClient(one.adminUrl, (c) => c.query("SELECT count(*)::int AS n FROM tenants WHERE id = $1", [tenantId]))).rows[0].n).toBe(0);
  await expect(
    runAsTenant(tenantId, () =>
      pools.one!.query(`INSERT INTO appointments (service_id, client_id, starts_at, ends_at, updated_at) VALUES ($1, $2, now(), now() + interval '1 hour', now())`, [serviceId, clientIds[0]]),
    ),
  ).rejects.toThrow(/foreign key|null value in column "resource_id"/);
  const move = await cp.query("SELECT phase, freeze_ms, rows_copied FROM tenant_moves WHERE tenant_id = $1", [tenantId]);
  expect(move.rows).toEqual([{ phase: "done", freeze_ms: report.freezeMs, rows_copied: report.rows }]);
  expect((await cp.query("SELECT cell FROM tenants WHERE id = $1", [tenantId])).rows[0].cell).toBe("two");
  // What the console's tenant page shows, read as the platform role.
  const platform = createUnscopedDb({ url: control.platformUrl, max: 1 });
  try {
    const shown = await loadTenantMoves(platform as unknown as PlatformDb, tenantId);
    expect(shown).toMatchObject([{ fromCell: "one", toCell: "two", phase: "done", freezeMs: report.freezeMs, rowsCopied: report.rows, error: null }]);
  } finally {
    await platform.$disconnect();
    await platform.pool.end();
  }
}, 120_000);

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
