import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CONTROL_PLANE_TABLES } from "@/lib/cells/tables";
import { setUpCells, type CellsTestEnv } from "./cells-env";

/*
 * The control plane's database keeps the row of a tenant that moved out of
 * the `default` cell (it is the directory), so foreign keys do not stop a late
 * write there. Its row-level security does: once the directory names another
 * cell, the app role's inserts and updates for that tenant are refused, from
 * a pool with a stale directory entry and from a write that waited on the
 * move's lock alike; nothing lands.
 */

let env: CellsTestEnv;
let stale: import("@/lib/db/tenant-scoped-pool").TenantScopedPool;

beforeAll(async () => {
  env = await setUpCells("latewrites");
  const { createPool } = await import("@/lib/db/tenant-db");
  // A pool on the control plane's database as the app role: what a process with a stale entry for the tenant uses.
  stale = createPool({ url: env.controlPlane.appUrl, max: 2 });
}, 180_000);

afterAll(async () => {
  await stale?.end();
  await env?.close();
});

const insertClient = (name: string) => `INSERT INTO clients (name, phone, updated_at) VALUES ('${name}', '+14165550${Math.floor(Math.random() * 900 + 100)}', now())`;

async function clientsNamed(where: "controlPlane" | "ch", tenantId: string, name: string): Promise<number> {
  return (await env.sql<{ n: number }>(where, "SELECT count(*)::int AS n FROM clients WHERE tenant_id = $1 AND name = $2", [tenantId, name]))[0]!.n;
}

describe("every tenant-owned table's app policy carries the guard", () => {
  it("in the catalog", async () => {
    const missing = await env.sql<{ tbl: string }>(
      "controlPlane",
      `SELECT c.relname AS tbl FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
       WHERE pol.polwithcheck IS NOT NULL AND NOT (c.relname = ANY ($1::text[]))
         AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
         AND pg_get_expr(pol.polwithcheck, pol.polrelid) NOT LIKE '%tenant_writes_here()%'`,
      [CONTROL_PLANE_TABLES],
    );
    expect(missing.map((m) => m.tbl)).toEqual([]);
  });
});

describe("late writes into `default` after a tenant moved out", () => {
  it("a write through a stale pool is refused, and nothing lands; the new cell takes it", async () => {
    const maple = env.tenants["maple-dental"];
    const { runAsTenant } = await import("@/lib/tenancy");
    // Before the move the same pool writes (the guard lets a tenant of this cell through).
    await runAsTenant(maple.id, () => stale.query(insertClient("Early Visitor")));
    expect(await clientsNamed("controlPlane", maple.id, "Early Visitor")).toBe(1);

    const { cellIsControlPlane, cellUrls, flipTenantCell, freezeTenant, unfreezeTenant } = await import("@/lib/cells");
    const { archiveMacKeys, currentArchiveKey } = await import("@/lib/tenant-data");
    const { moveTenant } = await import("@/lib/tenant-data/move");
    await moveTenant({
      tenant: { id: maple.id, slug: maple.slug },
      from: { name: "default", ownerUrl: cellUrls("default").owner, isControlPlane: cellIsControlPlane("default") },
      to: { name: "ch", ownerUrl: cellUrls("ch").owner, isControlPlane: false },
      controlPlaneUrl: env.controlPlane.adminUrl,
      directory: { freeze: freezeTenant, unfreeze: unfreezeTenant, flip: flipTenantCell },
      mac: currentArchiveKey(),
      keys: archiveMacKeys(),
    });
    expect(await env.sql("controlPlane", "SELECT cell FROM tenants WHERE id = $1", [maple.id])).toEqual([{ cell: "ch" }]);
    expect(await clientsNamed("ch", maple.id, "Early Visitor")).toBe(1);

    await expect(runAsTenant(maple.id, () => stale.query(insertClient("Late Visitor")))).rejects.toThrow(/row-level security/);
    await expect(runAsTenant(maple.id, () => stale.query(`UPDATE tenants SET settings = settings || '{"late": true}' WHERE id = '${maple.id}'`))).rejects.toThrow(/row-level security/);
    expect(await clientsNamed("controlPlane", maple.id, "Late Visitor")).toBe(0);
    expect(await env.sql("controlPlane", "SELECT id FROM tenants WHERE id = $1 AND settings ? 'late'", [maple.id])).toEqual([]);

    // Through the app's routed client the write goes to the tenant's new cell and is taken there.
    const { tenantDb } = await import("@/lib/db");
    await runAsTenant(maple.id, () => tenantDb().client.create({ data: { name: "Routed Visitor", phone: "+14165550777" } }));
    expect(await clientsNamed("ch", maple.id, "Routed Visitor")).toBe(1);
    expect(await clientsNamed("controlPlane", maple.id, "Routed Visitor")).toBe(0);
    // Other tenants of `default` still write there.
    const salon = env.tenants["salon-amel"];
    await runAsTenant(salon.id, () => stale.query(insertClient("Salon Visitor")));
    expect(await clientsNamed("controlPlane", salon.id, "Salon Visitor")).toBe(1);
  });

  it("a write that waited on the move's lock of the tenant row is refused once the flip commits", async () => {
    const salon = env.tenants["salon-amel"];
    const { runAsTenant } = await import("@/lib/tenancy");
    const mover = new pg.Client({ connectionString: env.controlPlane.adminUrl });
    await mover.connect();
    const name = `Waiting Visitor ${randomUUID().slice(0, 8)}`;
    try {
      // What the move does in the control plane's database: lock the directory row, then flip it in the same commit.
      await mover.query("BEGIN");
      await mover.query("SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE", [salon.id]);
      const late = runAsTenant(salon.id, () => stale.query(insertClient(name))).then(
        () => "landed",
        (e: Error) => e.message,
      );
      await vi.waitFor(async () => {
        const waiting = await env.sql("controlPlane", "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1", [`%${name}%`]);
        expect(waiting).toHaveLength(1);
      }, { timeout: 10_000 });
      await mover.query("UPDATE tenants SET cell = 'ch' WHERE id = $1", [salon.id]);
      await mover.query("COMMIT");
      expect(await late).toMatch(/row-level security/);
      expect(await clientsNamed("controlPlane", salon.id, name)).toBe(0);
    } finally {
      await mover.query("ROLLBACK").catch(() => undefined);
      await mover.query("UPDATE tenants SET cell = 'default' WHERE id = $1", [salon.id]);
      await mover.end();
    }
  });
});
