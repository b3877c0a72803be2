import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setUpCells, type CellsTestEnv, type CellsTestTenant } from "../cells/cells-env";

/*
 * Review of the cells follow-ups (merge h-cells), on the two-server harness:
 * a workspace deletion decided in one database must never delete the
 * directory entry of a tenant whose rows live in another cell (a process
 * whose cached entry predates a move, or a deletion that waited on the
 * move's lock), which would leave its rows undeleted and unreachable.
 * The harness of review-merged-attacks.test.ts cannot host two servers.
 */

let env: CellsTestEnv;
const info = { ip: "203.0.113.61", requestId: "req-review-cells", userAgent: "vitest" };
let route: { DELETE: (request: NextRequest, ctx: { params: Promise<Record<string, never>> }) => Promise<Response> };

beforeAll(async () => {
  delete process.env.REDIS_URL;
  env = await setUpCells("reviewcells");
  route = (await import("@/app/api/workspace/route")) as never;
}, 180_000);

afterAll(async () => {
  await env?.close();
});

async function rowsIn(where: "controlPlane" | "ch", tenantId: string): Promise<number> {
  return (await env.sql<{ n: number }>(where, "SELECT count(*)::int AS n FROM services WHERE tenant_id = $1", [tenantId]))[0]!.n;
}

/** A signed-in owner's DELETE /api/workspace on the tenant host (signed in now, sent when called). */
async function ownerDeletes(t: CellsTestTenant): Promise<() => Promise<Response>> {
  const { signInWithPassword } = await import("@/lib/auth/sign-in");
  const { handoffUrl, redeemHandoff } = await import("@/lib/auth/session-handoff");
  const { encodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
  const apex = await signInWithPassword({ email: t.ownerEmail, password: t.ownerPassword }, info);
  const url = await handoffUrl({ sessionId: apex.sid, tenantId: t.id, slug: t.slug, headers: new Headers({ host: "localhost:3000" }) });
  const claims = (await redeemHandoff(new URL(url!).searchParams.get("ticket")!, t.id))!.claims;
  const host = `${t.slug}.localhost:3000`;
  const cookie = `${sessionCookieName()}=${await encodeSessionToken(claims)}`;
  return () => route.DELETE(
    new NextRequest(`http://${host}/api/workspace`, {
      method: "DELETE",
      headers: {
        host,
        origin: `http://${host}`,
        cookie,
        "content-type": "application/json",
        "x-forwarded-for": info.ip,
        "x-request-id": info.requestId,
      },
      body: JSON.stringify({ slug: t.slug, password: t.ownerPassword }),
    }),
    { params: Promise.resolve({}) },
  );
}

describe("deleting a workspace with a directory entry older than a move", () => {
  it("a process that still believes the tenant is in `default` deletes it in its cell too, never the directory entry alone", async () => {
    const maple = env.tenants["maple-dental"];
    const { cellOf, placeTenant } = await import("@/lib/cells");
    const { cellDirectory } = await import("@/lib/db/cell-databases");
    const directory = cellDirectory();
    const send = await ownerDeletes(maple);
    const before = await directory.entry(maple.id);
    expect(before?.cell).toBe("default");
    // Another process moves the tenant; this one has not had the announcement yet (in flight, or its listener reconnecting).
    await placeTenant(maple.id, "ch");
    const entry = directory.entry.bind(directory);
    const peek = directory.peek.bind(directory);
    const stale = [
      vi.spyOn(directory, "entry").mockImplementation((id: string) => (id === maple.id ? Promise.resolve(before) : entry(id))),
      vi.spyOn(directory, "peek").mockImplementation((id: string) => (id === maple.id ? (before ?? undefined) : peek(id))),
    ];
    expect(await cellOf(maple.id)).toBe("default");
    expect(await rowsIn("ch", maple.id)).toBeGreaterThan(0);

    const res = await send().finally(() => stale.forEach((spy) => spy.mockRestore()));
    expect(res.status, await res.clone().text()).toBe(200);
    // Before the fix: the control plane's tenant_delete removed the directory row, the cell kept every row.
    expect(await rowsIn("ch", maple.id)).toBe(0);
    expect(await env.sql("ch", "SELECT id FROM tenants WHERE id = $1", [maple.id])).toEqual([]);
    expect(await env.sql("controlPlane", "SELECT id FROM tenants WHERE id = $1", [maple.id])).toEqual([]);
    const audit = await env.sql("controlPlane", "SELECT id FROM platform_audit_events WHERE action = 'tenant.deleted' AND target = $1", [`tenant:${maple.id}`]);
    expect(audit).toHaveLength(1);
  });

  it("tenant_delete that waited on the move's lock answers 'elsewhere' once the flip commits, and deletes nothing", async () => {
    const salon = env.tenants["salon-amel"];
    const { signInWithPassword } = await import("@/lib/auth/sign-in");
    const apex = await signInWithPassword({ email: salon.ownerEmail, password: salon.ownerPassword }, info);
    const { createPool } = await import("@/lib/db/tenant-db");
    const { runAsTenant } = await import("@/lib/tenancy");
    // The app role on the control plane's database: where a one-database deletion runs.
    const stale = createPool({ url: env.controlPlane.appUrl, max: 1 });
    const mover = new pg.Client({ connectionString: env.controlPlane.adminUrl });
    await mover.connect();
    try {
      await mover.query("BEGIN");
      await mover.query("SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE", [salon.id]);
      const deletion = runAsTenant(salon.id, () =>
        (stale.query("SELECT outcome FROM tenant_delete($1::uuid, $2::uuid, $3, NULL, 'req-review-race')", [apex.sid, salon.id, salon.slug]) as Promise<pg.QueryResult<{ outcome: string }>>),
      ).then((r) => r.rows[0]!.outcome, (e: Error) => e.message);
      await vi.waitFor(async () => {
        const waiting = await env.sql("controlPlane", "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%req-review-race%'");
        expect(waiting).toHaveLength(1);
      }, { timeout: 10_000 });
      await mover.query("UPDATE tenants SET cell = 'ch' WHERE id = $1", [salon.id]);
      await mover.query("COMMIT");
      expect(await deletion).toBe("elsewhere");
      expect(await env.sql("controlPlane", "SELECT cell FROM tenants WHERE id = $1", [salon.id])).toEqual([{ cell: "ch" }]);
      expect(await env.sql("controlPlane", "SELECT id FROM platform_audit_events WHERE target = $1", [`tenant:${salon.id}`])).toEqual([]);
    } finally {
      await mover.query("ROLLBACK").catch(() => undefined);
      await mover.query("UPDATE tenants SET cell = 'default' WHERE id = $1", [salon.id]);
      await mover.end();
      await stale.end();
    }
  });

  it("the billing job's tenant_delete_expired deletes nothing for a tenant the directory places in another cell", async () => {
    const dupont = env.tenants["cabinet-dupont"];
    const { createPool } = await import("@/lib/db/tenant-db");
    const { runAsTenant } = await import("@/lib/tenancy");
    const stale = createPool({ url: env.controlPlane.appUrl, max: 1 });
    const [was] = await env.sql<{ status: string }>("controlPlane", "SELECT status::text FROM tenants WHERE id = $1", [dupont.id]);
    // Named when a tenant first leaves `default` (placement); named here so the case stands alone.
    await env.sql("controlPlane", "INSERT INTO cell_identity (name) VALUES ('default') ON CONFLICT (singleton) DO NOTHING");
    try {
      await env.sql("controlPlane", "UPDATE tenants SET status = 'cancelled', cancelled_at = '2026-10-01', data_deletion_due_at = '2026-11-01', cell = 'ch' WHERE id = $1", [dupont.id]);
      const expired = "SELECT tenant_delete_expired($1::uuid, '2026-11-02'::timestamptz) AS deleted";
      const { rows } = await runAsTenant(dupont.id, () => stale.query(expired, [dupont.id]) as Promise<pg.QueryResult<{ deleted: boolean }>>);
      expect(rows[0]!.deleted).toBe(false);
      expect(await env.sql("controlPlane", "SELECT cell FROM tenants WHERE id = $1", [dupont.id])).toEqual([{ cell: "ch" }]);
    } finally {
      await env.sql("controlPlane", `UPDATE tenants SET status = $2::"TenantStatus", cancelled_at = NULL, data_deletion_due_at = NULL, cell = 'default' WHERE id = $1`, [dupont.id, was!.status]);
      await stale.end();
    }
  });
});
