import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { isTenantSettingStatement, setLocalTenantSql } from "@/lib/db/tenant-setting";
import { inTenantTransaction } from "@/lib/db/tenant-transaction";
import { runAsTenant } from "@/lib/tenancy";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { insertTenant } from "../support/tenant-fixtures";

/*
 * The SET LOCAL form of the tenant setting (Citus forwards SET LOCAL, not
 * set_config): one round trip, no warning, transaction-local, and a failing
 * statement leaves the connection idle and reusable.
 */

let db: TestDatabase;
let admin: pg.Client;
// TenantScopedPool overrides query() with an untyped signature; use pg.Pool's.
let pool: pg.Pool;
let tenantDb: TenantDb;
let A: string;
let B: string;
const notices: string[] = [];

type Proto = Record<string, (...a: unknown[]) => unknown>;
const proto = (pg as unknown as { Connection: { prototype: Proto } }).Connection.prototype;
const wire = { syncs: 0, parsed: [] as string[] };
const originals: Record<string, (...a: unknown[]) => unknown> = {};

beforeAll(async () => {
  db = await createTestDatabase("tenantsetting");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  A = await insertTenant(admin, "setting-a");
  B = await insertTenant(admin, "setting-b");
  pool = createPool({ url: db.appUrl, max: 1 });
  pool.on("connect", (c) => c.on("notice", (n) => notices.push(n.message ?? "")));
  tenantDb = createTenantDb({ url: db.appUrl, max: 1 });
  tenantDb.pool.on("connect", (c) => c.on("notice", (n) => notices.push(n.message ?? "")));
  for (const name of ["sync", "parse"] as const) {
    const original = proto[name]!;
    originals[name] = original;
    proto[name] = function (this: object, ...args: unknown[]) {
      if (name === "sync") wire.syncs++;
      else wire.parsed.push(String((args[0] as { text?: string }).text));
      return original.apply(this, args);
    };
  }
});

afterAll(async () => {
  for (const [name, original] of Object.entries(originals)) proto[name] = original;
  await pool?.end();
  await tenantDb?.$disconnect();
  await admin?.end();
  await db?.drop();
});

async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; syncs: number; parsed: string[] }> {
  const before = { syncs: wire.syncs, n: wire.parsed.length };
  const value = await fn();
  return { value, syncs: wire.syncs - before.syncs, parsed: wire.parsed.slice(before.n) };
}

describe("SET LOCAL app.tenant_id", () => {
  it("is sent in one round trip inside its own BEGIN/COMMIT, with no warning", async () => {
    const { value, syncs, parsed } = await measured(() =>
      runAsTenant(A, () => pool.query("SELECT current_setting('app.tenant_id') AS t")),
    );
    expect(value.rows).toEqual([{ t: A }]);
    expect(syncs).toBe(1);
    expect(parsed).toEqual([expect.stringMatching(/^BEGIN/), `SET LOCAL app.tenant_id = '${A}'`, "SELECT current_setting('app.tenant_id') AS t", expect.stringMatching(/^COMMIT/)]);
    expect(parsed.filter(isTenantSettingStatement)).toHaveLength(3);
    expect(notices).toEqual([]);
  });

  it("does not outlive the statement on the connection", async () => {
    await runAsTenant(A, () => pool.query("SELECT 1"));
    const after = await pool.query("SELECT current_setting('app.tenant_id', true) AS t");
    expect(["", null]).toContain(after.rows[0].t);
    expect(await pool.query("SELECT count(*)::int AS n FROM services").then((r) => r.rows[0].n)).toBe(0);
  });

  it("ends its block after a failing statement: the connection is idle and reused, the next tenant is right", async () => {
    const before = pool.totalCount;
    await expect(runAsTenant(A, () => pool.query("SELECT 1/0"))).rejects.toThrow(/division by zero/);
    await expect(runAsTenant(A, () => pool.query("SELEC nonsense"))).rejects.toThrow(/syntax/);
    await expect(
      runAsTenant(A, () => pool.query("INSERT INTO services (id, tenant_id, name, duration_minutes, updated_at) VALUES (gen_random_uuid(), $1, 'x', 30, now())", [B])),
    ).rejects.toThrow(/row-level security/);
    const next = await runAsTenant(B, () => pool.query("SELECT current_setting('app.tenant_id') AS t"));
    expect(next.rows).toEqual([{ t: B }]);
    expect(pool.totalCount).toBe(before);
    expect(notices).toEqual([]);
  });

  it("inside a Prisma transaction rides without BEGIN and keeps the caller's transaction", async () => {
    const { value, parsed } = await measured(() =>
      runAsTenant(A, () =>
        tenantDb.$transaction(async (tx) => {
          await tx.service.create({ data: { name: "Cut", durationMinutes: 30 } });
          return tx.service.count();
        }),
      ),
    );
    expect(value).toBe(1);
    // Prisma's BEGIN/COMMIT go as simple queries; none of the wrapper's own may appear inside them.
    expect(parsed.filter((t) => /^BEGIN|^COMMIT/.test(t))).toEqual([]);
    expect(parsed.filter((t) => t.startsWith("SET LOCAL"))).toHaveLength(2);
    await expect(
      runAsTenant(A, () =>
        tenantDb.$transaction(async (tx) => {
          await tx.service.create({ data: { name: "Gone", durationMinutes: 30 } });
          throw new Error("abandon");
        }),
      ),
    ).rejects.toThrow("abandon");
    expect(await runAsTenant(A, () => tenantDb.service.count())).toBe(1);
    expect(notices).toEqual([]);
  });

  it("sets the tenant in inTenantTransaction's opening flight", async () => {
    const rows = await runAsTenant(B, () =>
      inTenantTransaction(pool, [{ text: "SELECT current_setting('app.tenant_id') AS t" }], async (_tx, opened) => ({ closing: [], value: opened[0] })),
    );
    expect(rows).toEqual([{ t: B }]);
  });

  it("refuses anything but a lower-case uuid before it is interpolated", () => {
    expect(setLocalTenantSql(A)).toBe(`SET LOCAL app.tenant_id = '${A}'`);
    for (const bad of ["", "x", `${A}'; DROP TABLE tenants; --`, A.toUpperCase(), `${A} `]) expect(() => setLocalTenantSql(bad)).toThrow(/UUID/);
  });
});
