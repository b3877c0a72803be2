import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpCells, type CellsTestEnv, type CellsTestTenant } from "./cells-env";

/*
 * Deleting a workspace whose rows live on the second server: the owner's
 * request through the real route handler, the billing job's expiry, and a
 * deletion a crash left half done. Afterwards neither database holds a row of
 * the tenant, its address is free, its numbers route nowhere, and the
 * platform trail on the control plane records it once.
 */

let env: CellsTestEnv;
const info = { ip: "203.0.113.50", requestId: "req-cells-deletion", userAgent: "vitest" };
let route: { DELETE: (request: NextRequest, ctx: { params: Promise<Record<string, never>> }) => Promise<Response> };

beforeAll(async () => {
  delete process.env.REDIS_URL;
  env = await setUpCells("celldel");
  route = (await import("@/app/api/workspace/route")) as never;
}, 180_000);

afterAll(async () => {
  await env?.close();
});

/** Rows naming the tenant in every table of both databases (tenant_id columns and the tenants row). */
async function leftovers(tenantId: string): Promise<string[]> {
  const out: string[] = [];
  for (const where of ["controlPlane", "ch"] as const) {
    const tables = await env.sql<{ table: string }>(
      where,
      `SELECT c.relname AS table FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attname = 'tenant_id' AND NOT a.attisdropped`,
    );
    for (const { table } of tables) {
      const [row] = await env.sql<{ n: number }>(where, `SELECT count(*)::int AS n FROM "${table}" WHERE tenant_id = $1`, [tenantId]);
      if (row!.n) out.push(`${where}.${table}: ${row!.n}`);
    }
    if ((await env.sql(where, "SELECT 1 FROM tenants WHERE id = $1", [tenantId])).length) out.push(`${where}.tenants`);
  }
  return out;
}

async function expectGone(t: CellsTestTenant): Promise<void> {
  expect(await leftovers(t.id)).toEqual([]);
  expect(await env.sql("controlPlane", "SELECT id FROM tenants WHERE slug = $1", [t.slug])).toEqual([]);
  const { resolveChannelRoute, resolveTenantSlug } = await import("@/lib/channels/channel-route");
  expect(await resolveChannelRoute("voice", t.voiceNumber)).toBeNull();
  expect(await resolveChannelRoute("whatsapp", t.whatsappNumber)).toBeNull();
  expect(await resolveTenantSlug(t.slug)).toBeNull();
  const audit = await env.sql<{ metadata: { slug: string } }>("controlPlane", "SELECT metadata FROM platform_audit_events WHERE action = 'tenant.deleted' AND target = $1", [`tenant:${t.id}`]);
  expect(audit).toHaveLength(1);
  expect(audit[0]!.metadata.slug).toBe(t.slug);
  expect(await env.sql("ch", "SELECT id FROM platform_audit_events")).toEqual([]);
}

/** Moves a tenant seeded in `default` to the second server, as placement does for a new tenant. */
async function placeInCh(t: CellsTestTenant): Promise<void> {
  const { placeTenant } = await import("@/lib/cells");
  const { cellDirectory } = await import("@/lib/db/cell-databases");
  await placeTenant(t.id, "ch");
  cellDirectory().invalidate(t.id);
  t.cell = "ch";
  expect(await env.sql("controlPlane", "SELECT id FROM services WHERE tenant_id = $1", [t.id])).toEqual([]);
}

describe("an owner deletes a workspace in the second cell", () => {
  it("through DELETE /api/workspace: every row in both databases, the directory entry and the routes go", async () => {
    const dupont = env.tenants["cabinet-dupont"];
    const { signInWithPassword } = await import("@/lib/auth/sign-in");
    const { handoffUrl, redeemHandoff } = await import("@/lib/auth/session-handoff");
    const { encodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
    const apex = await signInWithPassword({ email: dupont.ownerEmail, password: dupont.ownerPassword }, info);
    const url = await handoffUrl({ sessionId: apex.sid, tenantId: dupont.id, slug: dupont.slug, headers: new Headers({ host: "localhost:3000" }) });
    const claims = (await redeemHandoff(new URL(url!).searchParams.get("ticket")!, dupont.id))!.claims;
    const host = `${dupont.slug}.localhost:3000`;
    const send = async (body: unknown) =>
      route.DELETE(
        new NextRequest(`http://${host}/api/workspace`, {
          method: "DELETE",
          headers: {
            host,
            origin: `http://${host}`,
            cookie: `${sessionCookieName()}=${await encodeSessionToken(claims)}`,
            "content-type": "application/json",
            "x-forwarded-for": info.ip,
            "x-request-id": info.requestId,
          },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({}) },
      );
    expect(await leftovers(dupont.id)).not.toEqual([]);

    const wrong = await send({ slug: dupont.slug, password: "not the password" });
    expect(wrong.status).toBe(400);
    expect(await env.sql("controlPlane", "SELECT cell_state FROM tenants WHERE id = $1", [dupont.id])).toEqual([{ cell_state: "serving" }]);

    // While a live move holds the tenant frozen: refused (409 from the deletion, or 503 once the freeze outlasts
    // the request's wait), nothing marked or deleted; the system's deletion waits for the flip as well.
    await env.sql("controlPlane", "UPDATE tenants SET cell_state = 'frozen', cell_frozen_at = now() WHERE id = $1", [dupont.id]);
    const { cellDirectory } = await import("@/lib/db/cell-databases");
    cellDirectory().invalidate(dupont.id);
    const frozen = await send({ slug: dupont.slug, password: dupont.ownerPassword });
    expect([409, 503], await frozen.clone().text()).toContain(frozen.status);
    expect(((await frozen.json()) as { error: { message: string } }).error.message).not.toMatch(/violat|constraint|stack/i);
    const { markTenantDeleting } = await import("@/lib/cells");
    expect(await markTenantDeleting(dupont.id, { reason: "test" })).toBe(false);
    expect(await env.sql("controlPlane", "SELECT cell_state FROM tenants WHERE id = $1", [dupont.id])).toEqual([{ cell_state: "frozen" }]);
    expect(await env.sql("controlPlane", "SELECT id FROM platform_audit_events WHERE target = $1", [`tenant:${dupont.id}`])).toEqual([]);
    await env.sql("controlPlane", "UPDATE tenants SET cell_state = 'serving', cell_frozen_at = NULL WHERE id = $1", [dupont.id]);
    cellDirectory().invalidate(dupont.id);

    const res = await send({ slug: dupont.slug, password: dupont.ownerPassword });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { deleted: string }).deleted).toBe(dupont.slug);
    await expectGone(dupont);
    const [audit] = await env.sql<{ actor_user_id: string; ip: string }>("controlPlane", "SELECT actor_user_id, ip FROM platform_audit_events WHERE target = $1", [`tenant:${dupont.id}`]);
    expect(audit!.ip).toBe(info.ip);
    // The owner's account outlives the workspace (identity is global); the cell's copy of it goes.
    expect(await env.sql("controlPlane", "SELECT id FROM users WHERE email = $1", [dupont.ownerEmail])).toHaveLength(1);
    expect(await env.sql("ch", "SELECT id FROM users")).toEqual([]);
  });
});

describe("the system deletes a workspace in the second cell", () => {
  it("the billing job deletes a cancelled tenant whose retention is over, not before", async () => {
    const salon = env.tenants["salon-amel"];
    await placeInCh(salon);
    const { runAsTenant } = await import("@/lib/tenancy");
    const { runCancellationStep } = await import("@/lib/billing/lifecycle");
    const due = new Date("2026-11-01T00:00:00Z");
    for (const where of ["controlPlane", "ch"] as const) {
      await env.sql(where, "UPDATE tenants SET status = 'cancelled', cancelled_at = $2, data_deletion_due_at = $3 WHERE id = $1", [salon.id, new Date("2026-10-01T00:00:00Z"), due]);
    }
    expect(await runAsTenant(salon.id, () => runCancellationStep(new Date(due.getTime() - 60_000)))).not.toBe("deleted");
    expect(await env.sql("ch", "SELECT id FROM tenants WHERE id = $1", [salon.id])).toHaveLength(1);
    expect(await runAsTenant(salon.id, () => runCancellationStep(new Date(due.getTime() + 60_000)))).toBe("deleted");
    await expectGone(salon);
    const [audit] = await env.sql<{ metadata: { actorRole: string; reason: string } }>("controlPlane", "SELECT metadata FROM platform_audit_events WHERE target = $1", [`tenant:${salon.id}`]);
    expect(audit!.metadata).toMatchObject({ actorRole: "system", reason: "cancelled_retention_elapsed" });
  });

  it("a deletion a crash left marked is finished by the next sweep, once", async () => {
    const maple = env.tenants["maple-dental"];
    await placeInCh(maple);
    const { markTenantDeleting, finishPendingTenantDeletions } = await import("@/lib/cells");
    expect(await markTenantDeleting(maple.id, { reason: "test" })).toBe(true);
    expect(await markTenantDeleting(maple.id, { reason: "test" })).toBe(true);
    // Crashed here: the slug is still taken and the cell still has the rows.
    expect(await env.sql("controlPlane", "SELECT cell_state FROM tenants WHERE slug = $1", [maple.slug])).toEqual([{ cell_state: "deleting" }]);
    expect(await env.sql("ch", "SELECT id FROM tenants WHERE id = $1", [maple.id])).toHaveLength(1);
    expect(await finishPendingTenantDeletions()).toBe(1);
    expect(await finishPendingTenantDeletions()).toBe(0);
    await expectGone(maple);
  });

  it("support's delete action removes a tenant of the second cell from both databases", async () => {
    const { insertTenant } = await import("../support/tenant-fixtures");
    const pg = (await import("pg")).default;
    const admin = new pg.Client({ connectionString: env.controlPlane.adminUrl });
    await admin.connect();
    const slug = "closing-clinic";
    const id = await insertTenant(admin, slug).finally(() => admin.end());
    const t = { ...env.tenants["maple-dental"], id, slug, voiceNumber: "+41215550111", whatsappNumber: "+41215550112" };
    await placeInCh(t);
    expect(await env.sql("ch", "SELECT id FROM tenants WHERE id = $1", [id])).toHaveLength(1);

    const { prepareTenantAction } = await import("@/lib/platform/actions/perform-action");
    const { createActionLookup } = await import("@/lib/platform/actions/action-lookup");
    const { platformAccess } = await import("@/lib/db");
    const [actor] = await env.sql<{ id: string }>("controlPlane", "SELECT id FROM users WHERE email = $1", [env.tenants["cabinet-dupont"].ownerEmail]);
    const prepared = await prepareTenantAction(id, "delete", { confirm: slug, reason: "The clinic closed and asked us to delete everything" }, {
      now: new Date(),
      lookup: createActionLookup(platformAccess().pool),
      links: { apexOrigin: "http://localhost:3000", tenantOrigin: (s) => `http://${s}.localhost:3000` },
    });
    const done = await platformAccess().withPlatformAccess({ userId: actor!.id }, prepared.purpose, (db) => prepared.execute(db, { userId: actor!.id }));
    expect(done).toMatchObject({ slug });
    expect(await leftovers(id)).toEqual([]);
    expect(await env.sql("controlPlane", "SELECT id FROM tenants WHERE slug = $1", [slug])).toEqual([]);
    expect(await env.sql("controlPlane", "SELECT id FROM platform_audit_events WHERE action = 'tenant.support_deleted' AND target = $1", [`tenant:${id}`])).toHaveLength(1);
  });
});
