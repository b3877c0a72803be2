import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCookie, adminRequest, createPlatformAdmin } from "../support/platform-admin";
import { setUpPlatformActions, type PlatformActionsEnv, type TestTenant } from "./platform-actions-env";

/*
 * The actions over HTTP, through the real route handlers and withPlatformAdmin:
 * JSON in, the action's answer out; a refused body is a 400 naming the field
 * with no row written, not even the audit; an unknown tenant or action a
 * 404; anyone but a platform admin with two-factor gets nothing done.
 */

type Params = { id: string; action: string };
let env: PlatformActionsEnv;
let actionPOST: (request: Request, route: { params: Promise<Params> }) => Promise<Response>;
let provisionPOST: (request: Request, route: { params: Promise<Record<string, never>> }) => Promise<Response>;
let cookie: string;
let adminId: string;
let tenant: TestTenant;

beforeAll(async () => {
  env = await setUpPlatformActions("proutes");
  const admin = await createPlatformAdmin(env.db.adminUrl);
  adminId = admin.userId;
  cookie = await adminCookie(admin.userId);
  ({ POST: actionPOST } = (await import("@/app/api/admin/tenants/[id]/actions/[action]/route")) as never);
  ({ POST: provisionPOST } = (await import("@/app/api/admin/tenants/route")) as never);
  tenant = await env.makeTenant("routed");
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const written = async () =>
  (await env.admin.query<{ p: number; a: number }>(`SELECT (SELECT count(*)::int FROM platform_audit_events) AS p, (SELECT count(*)::int FROM audit_events) AS a`)).rows[0];

function callAction(id: string, action: string, body: unknown, options: { cookie?: string; host?: string } = {}) {
  const request = adminRequest(`/api/admin/tenants/${id}/actions/${action}`, { body, cookie: options.cookie ?? cookie, ...(options.host ? { host: options.host } : {}) });
  return actionPOST(request, { params: Promise.resolve({ id, action }) });
}

describe("POST /api/admin/tenants/[id]/actions/[action]", () => {
  it("suspends with the reason: 200, the platform row and the tenant's Activity row", async () => {
    const before = await written();
    const res = await callAction(tenant.id, "suspend", { reason: "Repeated abuse reports from callers" });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ status: "suspended" });
    expect(await written()).toEqual({ p: before!.p + 1, a: before!.a + 1 });
    const row = await env.admin.query(`SELECT actor_user_id, reason, subject_tenant_id FROM platform_audit_events ORDER BY created_at DESC LIMIT 1`);
    expect(row.rows[0]).toEqual({ actor_user_id: adminId, reason: "Repeated abuse reports from callers", subject_tenant_id: tenant.id });
  });

  it("a bad body is a 400 naming the field, and nothing is written, not even the audit", async () => {
    const cases: Array<[string, unknown, string | undefined]> = [
      ["reactivate", {}, "reason"],
      ["reactivate", { reason: "shrt" }, "reason"],
      ["override-plan", { plan: "pro", until: "2001-01-01", reason: "Pilot for a clinic group" }, "until"],
      ["delete", { confirm: tenant.slug.toUpperCase(), reason: "Owner asked by signed letter" }, "confirm"],
      ["extend-trial", { endsAt: "not a date", reason: "Owner asked for more time" }, "endsAt"],
      ["reactivate", "[]", undefined],
    ];
    for (const [action, body, field] of cases) {
      const before = await written();
      const res = await callAction(tenant.id, action, body);
      expect(res.status, `${action} ${JSON.stringify(body)}`).toBe(400);
      expect(((await res.json()) as { error: { field?: string } }).error.field).toBe(field);
      expect(await written()).toEqual(before);
    }
    const before = await written();
    const notJson = await actionPOST(
      adminRequest(`/api/admin/tenants/${tenant.id}/actions/reactivate`, { body: "{reason: nope", cookie }),
      { params: Promise.resolve({ id: tenant.id, action: "reactivate" }) },
    );
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);
    expect(await written()).toEqual(before);
  });

  it("an unknown tenant or action is a 404 with nothing written", async () => {
    const before = await written();
    expect((await callAction("3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b", "suspend", { reason: "Nobody is here at all" })).status).toBe(404);
    expect((await callAction(tenant.id, "destroy-everything", { reason: "Because I can, apparently" })).status).toBe(404);
    expect(await written()).toEqual(before);
  });

  it("no admin session, the wrong host, or an admin without two-factor: nothing done", async () => {
    const before = await written();
    expect((await callAction(tenant.id, "reactivate", { reason: "Let me in please" }, { cookie: "" })).status).toBe(404);
    expect((await callAction(tenant.id, "reactivate", { reason: "Let me in please" }, { host: `${tenant.slug}.localhost:3000` })).status).toBe(404);
    const noTotp = await createPlatformAdmin(env.db.adminUrl, { withTotp: false });
    expect((await callAction(tenant.id, "reactivate", { reason: "Let me in please" }, { cookie: await adminCookie(noTotp.userId) })).status).toBe(403);
    expect(await written()).toEqual(before);
    expect((await env.admin.query(`SELECT status::text FROM tenants WHERE id = $1`, [tenant.id])).rows[0]).toEqual({ status: "suspended" });
  });
});

describe("POST /api/admin/tenants", () => {
  it("provisions: 201, the tenant, the owner's invitation in the outbox, the Activity row in the new tenant", async () => {
    const slug = `via-route-${Date.now().toString(36)}`;
    const res = await provisionPOST(
      adminRequest("/api/admin/tenants", {
        cookie,
        body: { name: "Étude Route", slug, region: "CA", timezone: "America/Toronto", language: "en", plan: "pro", ownerEmail: "lawyer@etude.test", reason: "Signed contract #2210" },
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as { tenantId: string; invitationId: string };
    const mail = await env.admin.query(`SELECT to_address, subject FROM email_outbox WHERE tenant_id = $1`, [body.tenantId]);
    expect(mail.rows).toEqual([{ to_address: "lawyer@etude.test", subject: "Frontdesk support invited you to Étude Route on Frontdesk" }]);
    const activity = await env.admin.query(`SELECT action, actor_kind FROM audit_events WHERE tenant_id = $1`, [body.tenantId]);
    expect(activity.rows).toEqual([{ action: "tenant.support_provisioned", actor_kind: "platform_admin" }]);
    const platform = await env.admin.query(`SELECT subject_tenant_id FROM platform_audit_events WHERE action = 'tenant.support_provisioned'`);
    expect(platform.rows).toEqual([{ subject_tenant_id: body.tenantId }]);

    // The owner sets their own password by accepting, and owns the workspace; the link works once.
    const text = (await env.admin.query<{ text_body: string }>(`SELECT text_body FROM email_outbox WHERE tenant_id = $1`, [body.tenantId])).rows[0]!.text_body;
    const [, linkSlug, token] = /\/invite\/([a-z0-9-]+)\/([A-Za-z0-9_-]+)/.exec(text)!;
    expect(linkSlug).toBe(slug);
    const { acceptInvitation } = await import("@/lib/auth/team");
    const info = { ip: "198.51.100.4", requestId: "req-accept", userAgent: "vitest" };
    expect(await acceptInvitation({ slug, token, name: "Léa Lawyer", password: "her own long passphrase" }, info)).toEqual({ email: "lawyer@etude.test", slug });
    const owner = await env.admin.query(
      `SELECT m.role::text, u.password_hash IS NOT NULL AS has_password FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1`,
      [body.tenantId],
    );
    expect(owner.rows).toEqual([{ role: "owner", has_password: true }]);
    await expect(acceptInvitation({ slug, token, name: "Someone Else", password: "another long passphrase" }, info)).rejects.toMatchObject({ status: 409 });
  });

  it("a reserved address is a 400 on slug, nothing written", async () => {
    const before = await written();
    const res = await provisionPOST(
      adminRequest("/api/admin/tenants", { cookie, body: { name: "Admin Co", slug: "admin", region: "FR", timezone: "Europe/Paris", language: "fr", plan: "pro", ownerEmail: "a@b.test", reason: "Testing reserved names" } }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field?: string } }).error.field).toBe("slug");
    expect(await written()).toEqual(before);
  });
});
