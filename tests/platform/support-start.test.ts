import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_HOST, adminCookie, adminRequest, createPlatformAdmin, type TestPlatformAdmin } from "../support/platform-admin";
import { MAPLE_HOST, databaseDigest, setUpSupport, type SupportEnv } from "./support-env";

/*
 * Starting support mode from the admin console, through the real route on
 * the admin host: the platform audit row and the tenant's Activity row, the
 * owner's email, and the URL whose ticket opens the tenant's console.
 * Refused input writes nothing at all, not even the audit.
 */

type Route = (request: import("next/server").NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let s: SupportEnv;
let admin: TestPlatformAdmin;
let cookie: string;
let start: Route;
let clientsGet: Route;
let activityGet: Route;

const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });
const path = (id: string) => `/api/admin/tenants/${id}/support`;

beforeAll(async () => {
  s = await setUpSupport("supportstart");
  admin = await createPlatformAdmin(s.r.env.db.adminUrl);
  cookie = await adminCookie(admin.userId);
  start = (await import("@/app/api/admin/tenants/[id]/support/route")).POST as unknown as Route;
  clientsGet = (await import("@/app/api/clients/route")).GET as unknown as Route;
  activityGet = (await import("@/app/api/activity/route")).GET as unknown as Route;
}, 180_000);

afterAll(async () => {
  const { closeAppDatabases } = await import("@/lib/db");
  await closeAppDatabases();
  await s?.close();
});

async function post(id: string, body: unknown, options: { cookie?: string; host?: string } = {}) {
  const response = await start(adminRequest(path(id), { body, cookie: options.cookie ?? cookie, host: options.host }), params({ id }));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as { url?: string; expiresAt?: string; error?: { code: string; field?: string } } };
}

describe("POST /api/admin/tenants/{id}/support", () => {
  it("opens a session: platform audit, the tenant's Activity, the owner's email, and a ticket URL on the tenant's host", async () => {
    const reason = "Owner reported missing bookings on Tuesday";
    const res = await post(s.mapleId, { reason, minutes: 15 });
    expect(res.status).toBe(201);
    const url = new URL(res.body.url!);
    expect(url.host).toBe(MAPLE_HOST);
    expect(url.pathname).toBe("/api/support/enter");
    expect(url.searchParams.get("ticket")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(res.body.expiresAt!).getTime() - s.clock.now().getTime()).toBe(15 * 60_000);

    const platform = await s.admin.query(`SELECT action, subject_tenant_id, reason, actor_user_id FROM platform_audit_events WHERE action = 'support.started'`);
    expect(platform.rows).toEqual([{ action: "support.started", subject_tenant_id: s.mapleId, reason, actor_user_id: admin.userId }]);
    const tenantRow = await s.admin.query(`SELECT actor_kind, actor_user_id, metadata FROM audit_events WHERE tenant_id = $1 AND action = 'support.started'`, [s.mapleId]);
    expect(tenantRow.rows).toHaveLength(1);
    expect(tenantRow.rows[0]).toMatchObject({ actor_kind: "platform_admin", actor_user_id: admin.userId, metadata: { reason, minutes: 15 } });

    const maple = s.r.env.tenants["maple-dental"];
    const mail = await s.admin.query(`SELECT to_address, subject, text_body, kind FROM email_outbox WHERE tenant_id = $1 AND kind = 'support'`, [s.mapleId]);
    expect(mail.rows.map((r) => r.to_address)).toEqual([maple.ownerEmail]);
    expect(mail.rows[0].text_body).toContain(reason);
    expect(mail.rows[0].subject).toMatch(/Frontdesk/);
    expect(await s.admin.query(`SELECT 1 FROM email_outbox WHERE tenant_id <> $1 AND kind = 'support'`, [s.mapleId]).then((r) => r.rowCount)).toBe(0);

    const entered = await s.enter(url.searchParams.get("ticket")!);
    expect(entered.status).toBe(303);
    expect((await clientsGet(s.request("/api/clients", { cookie: entered.cookie! }), params())).status).toBe(200);

    const ownerActivity = await activityGet(s.request("/api/activity?action=support", { cookie: `next-auth.session-token=${s.r.cookies.owner}` }), params());
    const items = ((await ownerActivity.json()) as { items: Array<{ summary: string; actor: { kind: string } }> }).items;
    expect(items.map((i) => i.summary)).toContain(`Frontdesk support started viewing your workspace: ${reason}`);
  });

  it.each([
    ["a reason under 5 characters", { reason: "bug" }, 400, "reason"],
    ["a reason over 500 characters", { reason: "x".repeat(501) }, 400, "reason"],
    ["no reason", { minutes: 10 }, 400, "reason"],
    ["31 minutes", { reason: "Checking the agenda", minutes: 31 }, 400, "minutes"],
    ["zero minutes", { reason: "Checking the agenda", minutes: 0 }, 400, "minutes"],
    ["minutes as text", { reason: "Checking the agenda", minutes: "30" }, 400, "minutes"],
  ])("refuses %s and writes nothing, not even the audit", async (_label, body, status, field) => {
    const before = await databaseDigest(s.admin);
    const res = await post(s.mapleId, body);
    expect(res.status).toBe(status);
    expect(res.body.error?.field).toBe(field);
    expect(await databaseDigest(s.admin)).toEqual(before);
  });

  it("answers 404 for a tenant id that is not a UUID, writing nothing", async () => {
    const before = await databaseDigest(s.admin);
    expect((await post("maple-dental", { reason: "Checking the agenda" })).status).toBe(404);
    expect(await databaseDigest(s.admin)).toEqual(before);
  });

  it("is 404 for a tenant owner's session, and on a tenant host, with nothing written", async () => {
    const before = await databaseDigest(s.admin);
    const owner = await post(s.mapleId, { reason: "Checking the agenda" }, { cookie: `next-auth.session-token=${s.r.cookies.owner}` });
    expect(owner.status).toBe(404);
    const elsewhere = await post(s.mapleId, { reason: "Checking the agenda" }, { host: MAPLE_HOST });
    expect(elsewhere.status).toBe(404);
    expect(await databaseDigest(s.admin)).toEqual(before);
  });

  it("is refused to an admin without two-factor", async () => {
    const noTotp = await createPlatformAdmin(s.r.env.db.adminUrl, { withTotp: false });
    const res = await post(s.mapleId, { reason: "Checking the agenda" }, { cookie: await adminCookie(noTotp.userId) });
    expect(res.status).toBe(403);
    expect(await s.admin.query(`SELECT 1 FROM support_sessions WHERE admin_user_id = $1`, [noTotp.userId]).then((r) => r.rowCount)).toBe(0);
  });

  it("the admin's own session never opens the tenant's console: only the ticket does", async () => {
    const res = await clientsGet(s.request("/api/clients", { cookie }), params());
    expect(res.status).toBe(401);
    const onAdminHost = await clientsGet(s.request("/api/clients", { cookie, host: ADMIN_HOST }), params());
    expect(onAdminHost.status).toBe(404);
  });
});
