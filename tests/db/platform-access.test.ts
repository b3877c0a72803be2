import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPlatformAccess, type PlatformAccess } from "@/lib/db/platform-db";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { insertTenant } from "../support/tenant-fixtures";

let db: TestDatabase;
let admin: pg.Client;
let platform: PlatformAccess;
let A: string;
let B: string;
const actorUserId = "00000000-0000-4000-8000-00000000abcd";

beforeAll(async () => {
  db = await createTestDatabase("platform");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  A = await insertTenant(admin, "plat-a");
  B = await insertTenant(admin, "plat-b");
  platform = createPlatformAccess({ url: db.platformUrl, max: 2 });
});

afterAll(async () => {
  await platform?.close();
  await admin?.end();
  await db?.drop();
});

it("reads across tenants and audits the use on the platform trail", async () => {
  const slugs = await platform.withPlatformAccess({ userId: actorUserId, ip: "203.0.113.9", requestId: "req-1" }, { action: "tenants.list" }, (p) =>
    p.tenant.findMany({ orderBy: { slug: "asc" } }).then((ts) => ts.map((t) => t.slug)),
  );
  expect(slugs).toEqual(["plat-a", "plat-b"]);
  const audit = await admin.query(`SELECT action, actor_user_id, ip, request_id FROM platform_audit_events`);
  expect(audit.rows).toEqual([{ action: "tenants.list", actor_user_id: actorUserId, ip: "203.0.113.9", request_id: "req-1" }]);
});

it("names the tenant on the platform trail, and writes an action to the tenant's own Activity too, even when the work fails", async () => {
  await expect(
    platform.withPlatformAccess(
      { userId: actorUserId },
      { action: "tenant.suspend", tenantId: B, target: `tenant:${B}`, reason: "Chargeback fraud", tenantActivity: true },
      async () => {
        throw new Error("half-way failure");
      },
    ),
  ).rejects.toThrow("half-way failure");
  const audit = await admin.query(`SELECT tenant_id, action, actor_kind, metadata FROM audit_events`);
  expect(audit.rows).toEqual([{ tenant_id: B, action: "tenant.suspend", actor_kind: "platform_admin", metadata: { reason: "Chargeback fraud" } }]);
  const trail = await admin.query(`SELECT subject_tenant_id, action, reason FROM platform_audit_events WHERE action = 'tenant.suspend'`);
  expect(trail.rows).toEqual([{ subject_tenant_id: B, action: "tenant.suspend", reason: "Chargeback fraud" }]);
  expect(A).not.toBe(B);
});

it("a read about one tenant stays on the platform trail only", async () => {
  await platform.withPlatformAccess({ userId: actorUserId }, { action: "tenant.view", tenantId: A }, async () => undefined);
  expect((await admin.query(`SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1`, [A])).rows[0].n).toBe(0);
  expect((await admin.query(`SELECT subject_tenant_id FROM platform_audit_events WHERE action = 'tenant.view'`)).rows).toEqual([{ subject_tenant_id: A }]);
});

it("cannot rewrite audit history, even as the platform role", async () => {
  const c = new pg.Client({ connectionString: db.platformUrl });
  await c.connect();
  try {
    const upd = await c.query(`UPDATE audit_events SET action = 'x'`).catch((e) => e);
    expect((upd as { code?: string }).code).toBe("42501");
    const del = await c.query(`DELETE FROM platform_audit_events`).catch((e) => e);
    expect((del as { code?: string }).code).toBe("42501");
  } finally {
    await c.end();
  }
});

it("the app role cannot read the platform audit trail", async () => {
  const c = new pg.Client({ connectionString: db.appUrl });
  await c.connect();
  try {
    const err = await c.query(`SELECT * FROM platform_audit_events`).catch((e) => e);
    expect((err as { code?: string }).code).toBe("42501");
  } finally {
    await c.end();
  }
});
