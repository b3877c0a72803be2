import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";
import { ADMIN_HOST, adminCookie, adminRequest, createPlatformAdmin, type TestPlatformAdmin } from "../support/platform-admin";
import { drive, handlersOf, routeTable, type RouteHandler } from "../support/route-table";

/*
 * The platform console's front door: its own host and cookie, platform admins
 * only, two-factor before any console route, and a 404 for everyone else on
 * every admin route read from the file system.
 */

let env: ChannelTestEnv;
let withTotp: TestPlatformAdmin;
let noTotp: TestPlatformAdmin;
let ownerCookie: string;
let probe: RouteHandler;

const json = async (r: Response) => (await r.json()) as { error?: { code: string; field?: string; reason?: string }; next?: string; recoveryCodes?: string[]; setup?: string; secret?: string };

beforeAll(async () => {
  env = await setUpChannelTest("platformadmin");
  withTotp = await createPlatformAdmin(env.db.adminUrl, { email: "ops@frontdesk.test" });
  noTotp = await createPlatformAdmin(env.db.adminUrl, { email: "new-ops@frontdesk.test", withTotp: false });
  const { signInWithPassword } = await import("@/lib/auth/sign-in");
  const { encodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
  const maple = env.tenants["maple-dental"];
  const claims = await signInWithPassword({ email: maple.ownerEmail, password: maple.ownerPassword }, { ip: "203.0.113.5", requestId: "r", userAgent: "vitest" });
  ownerCookie = `${sessionCookieName()}=${await encodeSessionToken(claims)}`;
  const { withPlatformAdmin } = await import("@/lib/auth/with-platform-admin");
  probe = withPlatformAdmin({ purpose: () => ({ action: "test.probe" }) }, async () => Response.json({ ok: true })) as RouteHandler;
}, 120_000);

afterAll(async () => {
  const { platformAccess } = await import("@/lib/db");
  await platformAccess().close();
  await env?.close();
});

const call = (handler: RouteHandler, request: NextRequest) => handler(request, { params: Promise.resolve({}) });

async function signIn(body: Record<string, unknown>) {
  const { POST } = await import("@/app/api/admin/auth/sign-in/route");
  return POST(adminRequest("/api/admin/auth/sign-in", { body }));
}

describe("host", () => {
  it("admin.ROOT is the console; the label is no tenant's", async () => {
    const { classifyHost, isValidTenantSlug } = await import("@/lib/tenancy/tenant-host");
    expect(classifyHost("admin.localhost:3000", "localhost:3000")).toEqual({ kind: "admin" });
    expect(classifyHost("ADMIN.frontdesk.app", "frontdesk.app")).toEqual({ kind: "admin" });
    expect(classifyHost("x.admin.localhost:3000", "localhost:3000")).toEqual({ kind: "invalid" });
    expect(isValidTenantSlug("admin")).toBe(false);
  });

  it("pages are served from app/admin on the admin host only; the apex and tenant hosts have no /admin", async () => {
    const { proxy } = await import("@/proxy");
    const onAdmin = await proxy(new NextRequest("http://admin.localhost:3000/tenants", { headers: { host: ADMIN_HOST } }));
    expect(new URL(onAdmin.headers.get("x-middleware-rewrite")!).pathname).toBe("/admin/tenants");
    const root = await proxy(new NextRequest("http://admin.localhost:3000/", { headers: { host: ADMIN_HOST } }));
    expect(new URL(root.headers.get("x-middleware-rewrite")!).pathname).toBe("/admin");
    for (const path of ["/admin", "/admin/tenants", "/admin/sign-in"]) {
      const apex = await proxy(new NextRequest(`http://localhost:3000${path}`, { headers: { host: "localhost:3000", cookie: ownerCookie } }));
      expect(new URL(apex.headers.get("x-middleware-rewrite")!).pathname).toBe("/__not_found__");
    }
    const otherApi = await proxy(new NextRequest("http://admin.localhost:3000/api/account", { headers: { host: ADMIN_HOST } }));
    expect(otherApi.status).toBe(404);
  });
});

describe("sign-in", () => {
  it("a tenant owner's right password is refused exactly like a wrong one", async () => {
    const maple = env.tenants["maple-dental"];
    const owner = await signIn({ email: maple.ownerEmail, password: maple.ownerPassword });
    const wrong = await signIn({ email: withTotp.email, password: "not the password at all" });
    expect(owner.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect((await json(owner)).error).toEqual((await json(wrong)).error);
    expect(owner.headers.get("set-cookie")).toBeNull();
  });

  it("asks for the code, takes it once, and refuses it the second time", async () => {
    const first = await signIn({ email: withTotp.email, password: withTotp.password });
    expect(first.status).toBe(401);
    expect((await json(first)).error).toMatchObject({ reason: "two_factor_required", field: "code" });
    const at = new Date();
    const ok = await signIn({ email: withTotp.email, password: withTotp.password, code: withTotp.code(at) });
    expect(ok.status).toBe(200);
    expect((await json(ok)).next).toBe("/");
    const cookie = ok.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^frontdesk-admin=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).not.toMatch(/Domain=/i);
    const again = await signIn({ email: withTotp.email, password: withTotp.password, code: withTotp.code(at) });
    expect((await json(again)).error).toMatchObject({ reason: "code_reused" });
  });

  it("is only on the admin host", async () => {
    const { POST } = await import("@/app/api/admin/auth/sign-in/route");
    for (const host of ["localhost:3000", "maple-dental.localhost:3000"]) {
      const r = await POST(adminRequest("/api/admin/auth/sign-in", { host, body: { email: withTotp.email, password: withTotp.password, code: withTotp.code() } }));
      expect(r.status).toBe(404);
    }
  });
});

describe("two-factor is required", () => {
  it("an admin without it is refused by console APIs, sets it up, and then gets in; recovery codes work once", async () => {
    const cookie = await adminCookie(noTotp.userId);
    const refused = await call(probe, adminRequest("/api/admin/probe", { cookie }));
    expect(refused.status).toBe(403);
    expect((await json(refused)).error).toMatchObject({ reason: "two_factor_setup_required" });

    const { POST, PUT } = await import("@/app/api/admin/auth/two-factor/route");
    const setup = await json(await call(POST as RouteHandler, adminRequest("/api/admin/auth/two-factor", { method: "POST", cookie })));
    const bad = await call(PUT as RouteHandler, adminRequest("/api/admin/auth/two-factor", { method: "PUT", cookie, body: { setup: setup.setup, code: "12" } }));
    expect(bad.status).toBe(400);
    expect((await json(bad)).error?.field).toBe("code");
    const { totpCode } = await import("@/lib/auth/totp");
    const done = await json(await call(PUT as RouteHandler, adminRequest("/api/admin/auth/two-factor", { method: "PUT", cookie, body: { setup: setup.setup, code: totpCode(setup.secret!, new Date()) } })));
    expect(done.recoveryCodes).toHaveLength(10);
    expect((await call(probe, adminRequest("/api/admin/probe", { cookie }))).status).toBe(200);

    const stored = await env.admin.query(`SELECT totp_recovery_hashes, totp_ciphertext FROM users WHERE id = $1`, [noTotp.userId]);
    expect(stored.rows[0].totp_recovery_hashes).not.toContain(done.recoveryCodes![0]);
    expect(String(stored.rows[0].totp_ciphertext)).not.toContain(setup.secret!);

    const recovery = done.recoveryCodes![0]!;
    const byRecovery = await signIn({ email: noTotp.email, password: noTotp.password, code: recovery });
    expect(byRecovery.status).toBe(200);
    const reused = await signIn({ email: noTotp.email, password: noTotp.password, code: recovery });
    expect(reused.status).toBe(401);
    expect((await json(reused)).error).toMatchObject({ reason: "invalid_code" });
  });

  it("writes the platform audit before the handler, and nothing when the purpose refuses the input", async () => {
    const cookie = await adminCookie(withTotp.userId);
    const before = (await env.admin.query(`SELECT count(*)::int AS n FROM platform_audit_events WHERE action = 'test.probe'`)).rows[0].n as number;
    await call(probe, adminRequest("/api/admin/probe", { cookie }));
    const row = await env.admin.query(`SELECT actor_user_id, ip FROM platform_audit_events WHERE action = 'test.probe' ORDER BY created_at DESC LIMIT 1`);
    expect(row.rows[0].actor_user_id).toBe(withTotp.userId);
    expect((await env.admin.query(`SELECT count(*)::int AS n FROM platform_audit_events WHERE action = 'test.probe'`)).rows[0].n).toBe(before + 1);
    const { ApiError } = await import("@/lib/http");
    const { withPlatformAdmin } = await import("@/lib/auth/with-platform-admin");
    const strict = withPlatformAdmin(
      {
        purpose: () => {
          throw new ApiError("bad_request", "reason: Say why.", "reason");
        },
      },
      async () => Response.json({ ok: true }),
    ) as RouteHandler;
    const refused = await call(strict, adminRequest("/api/admin/strict", { cookie, body: {} }));
    expect(refused.status).toBe(400);
    expect((await env.admin.query(`SELECT count(*)::int AS n FROM platform_audit_events WHERE action = 'test.probe'`)).rows[0].n).toBe(before + 1);
  });
});

describe("other sessions never cross", () => {
  it("an admin cookie means nothing on the apex or a tenant host, and a tenant cookie nothing on the admin host", async () => {
    const cookie = await adminCookie(withTotp.userId);
    const value = cookie.split("=").slice(1).join("=");
    const { sessionCookieName } = await import("@/lib/auth/session-token");
    for (const host of ["localhost:3000", "maple-dental.localhost:3000"]) {
      expect((await call(probe, adminRequest("/api/admin/probe", { cookie, host }))).status).toBe(404);
    }
    // The admin token under the tenant cookie's name does not decode as a session there.
    const { decodeSessionToken } = await import("@/lib/auth/session-token");
    expect(await decodeSessionToken(value)).toBeNull();
    const { decodeAdminToken } = await import("@/lib/auth/admin-session");
    expect(await decodeAdminToken(ownerCookie.split("=").slice(1).join("="))).toBeNull();
    const tenantAsAdmin = `frontdesk-admin=${ownerCookie.split("=").slice(1).join("=")}`;
    expect((await call(probe, adminRequest("/api/admin/probe", { cookie: tenantAsAdmin }))).status).toBe(404);
    expect((await call(probe, adminRequest("/api/admin/probe", { cookie: `${sessionCookieName()}=${value}` }))).status).toBe(404);
  });

  it("a tenant owner gets 404 on every admin route, on every host", async () => {
    const routes = routeTable().filter((r) => r.kind === "route" && r.path.startsWith("/api/admin/"));
    expect(routes.length).toBeGreaterThan(3);
    for (const entry of routes) {
      const handlers = await handlersOf(entry);
      const signInSteps = /\/api\/admin\/auth\/(sign-in|setup|sign-out)$/.test(entry.path);
      for (const [method, handler] of Object.entries(handlers)) {
        for (const host of signInSteps ? ["localhost:3000", "maple-dental.localhost:3000"] : [ADMIN_HOST, "localhost:3000", "maple-dental.localhost:3000"]) {
          const body = method === "GET" || method === "HEAD" ? undefined : "{}";
          const request = adminRequest(entry.path, { method, host, cookie: ownerCookie, body });
          const { response } = await drive(request, handler, entry.params);
          expect(response.status, `${method} ${entry.path} on ${host}`).toBe(404);
        }
      }
    }
  });

  it("a demoted admin is out at the next request", async () => {
    const demoted = await createPlatformAdmin(env.db.adminUrl, { email: "leaver@frontdesk.test" });
    const cookie = await adminCookie(demoted.userId);
    expect((await call(probe, adminRequest("/api/admin/probe", { cookie }))).status).toBe(200);
    await env.admin.query(`UPDATE users SET is_platform_admin = false WHERE id = $1`, [demoted.userId]);
    expect((await call(probe, adminRequest("/api/admin/probe", { cookie }))).status).toBe(404);
  });
});

describe("admin:create", () => {
  it("creates or promotes, and its one-time link sets the password and opens a session that must set up two-factor", async () => {
    const { createPlatformAdmin: invite } = await import("@/lib/auth/platform-admins");
    const created = await invite(env.db.adminUrl, { email: "Fresh.Ops@Frontdesk.test" });
    expect(created.created).toBe(true);
    const promoted = await invite(env.db.adminUrl, { email: env.tenants["salon-amel"].ownerEmail });
    expect(promoted.created).toBe(false);
    const flags = await env.admin.query(`SELECT email, is_platform_admin FROM users WHERE id = ANY($1::uuid[]) ORDER BY email`, [[created.userId, promoted.userId]]);
    expect(flags.rows.every((r) => r.is_platform_admin)).toBe(true);

    const { POST } = await import("@/app/api/admin/auth/setup/route");
    const token = created.setupPath.split("/").pop()!;
    const weak = await POST(adminRequest("/api/admin/auth/setup", { body: { token, password: "short" } }));
    expect(weak.status).toBe(400);
    expect((await json(weak)).error?.field).toBe("password");
    const ok = await POST(adminRequest("/api/admin/auth/setup", { body: { token, password: "a brand new admin passphrase" } }));
    expect(ok.status).toBe(200);
    expect((await json(ok)).next).toBe("/two-factor");
    const again = await POST(adminRequest("/api/admin/auth/setup", { body: { token, password: "a brand new admin passphrase" } }));
    expect(again.status).toBe(400);
    const trail = await env.admin.query(`SELECT action FROM platform_audit_events WHERE target = $1 ORDER BY created_at`, [`user:${created.userId}`]);
    expect(trail.rows.map((r) => r.action)).toEqual(["admin.created", "auth.admin_setup"]);
  });
});
