import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCookie, adminRequest, createPlatformAdmin } from "../support/platform-admin";
import { setUpPlatformActions, type PlatformActionsEnv } from "./platform-actions-env";

/*
 * Attacks on the platform actions over HTTP, as two admins racing each other
 * or a careless one with a tampered body would make them: the real route
 * handlers, withPlatformAdmin and the platform pool on a real database.
 */

type Params = { id: string; action: string };
let env: PlatformActionsEnv;
let actionPOST: (request: Request, route: { params: Promise<Params> }) => Promise<Response>;
let cookieA: string;
let cookieB: string;

beforeAll(async () => {
  env = await setUpPlatformActions("attacksactions");
  cookieA = await adminCookie((await createPlatformAdmin(env.db.adminUrl)).userId);
  cookieB = await adminCookie((await createPlatformAdmin(env.db.adminUrl)).userId);
  ({ POST: actionPOST } = (await import("@/app/api/admin/tenants/[id]/actions/[action]/route")) as never);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

function callAction(id: string, action: string, body: unknown, cookie = cookieA) {
  return actionPOST(adminRequest(`/api/admin/tenants/${id}/actions/${action}`, { body, cookie }), { params: Promise.resolve({ id, action }) });
}

const routesOf = async (number: string) =>
  (await env.admin.query<{ tenant_id: string; channel: string }>(`SELECT tenant_id, channel::text FROM channel_routes WHERE key = $1 ORDER BY channel`, [number])).rows;

describe("numbers", () => {
  it("two admins moving the same number to two tenants at once: one wins, the number routes to exactly one tenant", async () => {
    const from = await env.makeTenant("race-from");
    const toA = await env.makeTenant("race-to-a");
    const toB = await env.makeTenant("race-to-b");
    const number = "+41225550177";
    expect((await callAction(from.id, "assign-number", { channel: "whatsapp", number, reason: "Sender bought for the clinic" })).status).toBe(200);
    expect((await callAction(from.id, "assign-number", { channel: "voice", number, reason: "Voice line for the clinic" })).status).toBe(200);
    const [a, b] = await Promise.all([
      callAction(from.id, "move-number", { number, to: toA.slug, reason: "Clinic sold to group A" }, cookieA),
      callAction(from.id, "move-number", { number, to: toB.slug, reason: "Clinic sold to group B" }, cookieB),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 404]);
    const routes = await routesOf(number);
    expect(routes).toHaveLength(2);
    expect(new Set(routes.map((r) => r.tenant_id)).size).toBe(1);
    expect([toA.id, toB.id]).toContain(routes[0]!.tenant_id);
  });

  it("a number routed to another tenant on one channel cannot be assigned on the other channel", async () => {
    const owner = await env.makeTenant("num-owner");
    const thief = await env.makeTenant("num-thief");
    const number = "+41225550178";
    expect((await callAction(owner.id, "assign-number", { channel: "voice", number, reason: "Voice line for the owner" })).status).toBe(200);
    for (const typed of [number, "+41 22 555 01 78", "  +41-22-555-01-78 "]) {
      const res = await callAction(thief.id, "assign-number", { channel: "whatsapp", number: typed, reason: "Taking it over quietly" });
      expect(res.status, typed).toBe(409);
    }
    expect(await routesOf(number)).toEqual([{ tenant_id: owner.id, channel: "voice" }]);
  });

  it("moving or releasing someone else's number through a tenant that does not hold it is refused, nothing written", async () => {
    const owner = await env.makeTenant("rel-owner");
    const other = await env.makeTenant("rel-other");
    const number = "+41225550179";
    expect((await callAction(owner.id, "assign-number", { channel: "voice", number, reason: "Voice line for the owner" })).status).toBe(200);
    const before = await env.countRows();
    expect((await callAction(other.id, "release-number", { channel: "voice", number, reason: "Cleaning up numbers" })).status).toBe(404);
    expect((await callAction(other.id, "move-number", { number, to: other.slug, reason: "Cleaning up numbers" })).status).toBe(404);
    expect((await callAction(owner.id, "move-number", { number, to: ` ${owner.slug.toUpperCase()} `, reason: "Moving it to itself" })).status).toBe(400);
    expect((await callAction(owner.id, "move-number", { number, to: "admin", reason: "Moving it to the console" })).status).toBe(404);
    expect(await env.countRows()).toEqual(before);
  });
});

describe("a tenant that is gone", () => {
  it("an action on a deleted tenant is a 404 with nothing written", async () => {
    const t = await env.makeTenant("gone");
    expect((await callAction(t.id, "delete", { confirm: t.slug, reason: "Owner asked by signed letter" })).status).toBe(200);
    const before = await env.countRows();
    for (const [action, body] of [
      ["suspend", { reason: "Abuse after deletion?" }],
      ["delete", { confirm: t.slug, reason: "Deleting it twice" }],
    ] as const) {
      expect((await callAction(t.id, action, body)).status, action).toBe(404);
    }
    expect(await env.countRows()).toEqual(before);
  });

  it("two admins deleting the same tenant at once: one deletes it, the other gets a 4xx, never a 500", async () => {
    const t = await env.makeTenant("double-delete");
    const [a, b] = await Promise.all([
      callAction(t.id, "delete", { confirm: t.slug, reason: "Owner asked by signed letter" }, cookieA),
      callAction(t.id, "delete", { confirm: t.slug, reason: "Owner asked by email too" }, cookieB),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect(statuses[1]).toBeGreaterThanOrEqual(400);
    expect(statuses[1]).toBeLessThan(500);
    expect((await env.admin.query(`SELECT count(*)::int AS n FROM tenants WHERE id = $1`, [t.id])).rows[0].n).toBe(0);
  });
});

describe("tampered bodies", () => {
  it("another tenant's id or slug in the body never redirects an action", async () => {
    const target = await env.makeTenant("tamper-target");
    const bystander = await env.makeTenant("tamper-bystander");
    const res = await callAction(target.id, "suspend", { reason: "Abuse reports from callers", tenantId: bystander.id, tenant: { id: bystander.id }, slug: bystander.slug });
    expect(res.status).toBe(200);
    const rows = await env.admin.query<{ id: string; status: string }>(`SELECT id, status::text FROM tenants WHERE id = ANY($1::uuid[])`, [[target.id, bystander.id]]);
    expect(Object.fromEntries(rows.rows.map((r) => [r.id, r.status]))).toEqual({ [target.id]: "suspended", [bystander.id]: "trial" });
  });

  it("a deep, huge or padded body is a 4xx with nothing written", async () => {
    const t = await env.makeTenant("tamper-body");
    const before = await env.countRows();
    let deep: unknown = { reason: "Deep nesting attempt" };
    for (let i = 0; i < 200; i += 1) deep = { reason: "Deep nesting attempt", x: deep };
    const cases: unknown[] = [deep, { reason: "x".repeat(200_000) }, { reason: "     " }, { reason: "\u200b\u200b\u200b\u200b\u200b" }, { reason: null }, { reason: ["Abuse reports"] }];
    for (const body of cases) {
      const res = await callAction(t.id, "suspend", body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBeLessThan(500);
    }
    expect(await env.countRows()).toEqual(before);
  });
});

describe("the owner's own decisions", () => {
  it("an invitation the owner revoked is not sent again by support (an expired one is)", async () => {
    const t = await env.makeTenant("revoked-invite");
    const revoked = await env.admin.query<{ id: string }>(
      `INSERT INTO invitations (tenant_id, email, role, token_hash, expires_at, revoked_at) VALUES ($1, 'fired@x.test', 'admin', 'h1', now() + interval '1 day', now()) RETURNING id`,
      [t.id],
    );
    const expired = await env.admin.query<{ id: string }>(
      `INSERT INTO invitations (tenant_id, email, role, token_hash, expires_at) VALUES ($1, 'late@x.test', 'staff', 'h2', now() - interval '1 day') RETURNING id`,
      [t.id],
    );
    const before = await env.countRows();
    const res = await callAction(t.id, "resend-invitation", { invitationId: revoked.rows[0]!.id, reason: "The former manager asked for access" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { field?: string } }).error.field).toBe("invitationId");
    expect(await env.countRows()).toEqual(before);
    const live = await env.admin.query(`SELECT count(*)::int AS n FROM invitations WHERE tenant_id = $1 AND email = 'fired@x.test' AND revoked_at IS NULL`, [t.id]);
    expect(live.rows[0].n).toBe(0);
    expect((await callAction(t.id, "resend-invitation", { invitationId: expired.rows[0]!.id, reason: "The new hire's link expired" })).status).toBe(200);
  });
});
