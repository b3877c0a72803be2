import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drive, handlersOf, routeTable } from "../support/route-table";
import { ADMIN_PASSWORD, adminRequest } from "../support/platform-admin";
import { DUPONT_HOST, MAPLE_HOST, databaseDigest, setUpSupport, type SupportEnv } from "./support-env";

/*
 * Attacks on support mode ("view as tenant") as someone holding a stolen
 * support cookie or ticket, a tenant owner poking at it, or a careless admin
 * would try them, through the real routes on a real database.
 */

let s: SupportEnv;
type Route = (request: import("next/server").NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let clients: { GET: Route; POST: Route };
let startRoute: Route;
let password: Route;
const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });

beforeAll(async () => {
  s = await setUpSupport("attackssupport");
  clients = (await import("@/app/api/clients/route")) as unknown as typeof clients;
  startRoute = (await import("@/app/api/admin/tenants/[id]/support/route")).POST as unknown as Route;
  password = (await import("@/app/api/account/password/route")).POST as unknown as Route;
}, 180_000);

afterAll(async () => {
  const { platformAccess } = await import("@/lib/db");
  await platformAccess().close();
  await s?.close();
});

async function consoleCookieFor(sessionId: string, userId: string) {
  const { adminCookieName, encodeAdminToken } = await import("@/lib/auth/admin-session");
  const tv = (await s.admin.query<{ tv: number }>(`SELECT token_version AS tv FROM users WHERE id = $1`, [userId])).rows[0]!.tv;
  return `${adminCookieName()}=${await encodeAdminToken({ sub: userId, sid: sessionId, tv })}`;
}

describe("the admin behind the session", () => {
  it("changing their password (which ends every session of theirs) also ends support mode at the next request", async () => {
    // The admin is also a member of cabinet-dupont and changes their password from its Account page.
    await s.admin.query(`INSERT INTO memberships (tenant_id, user_id, role, updated_at) VALUES ($1, $2, 'viewer', now())`, [s.dupontId, s.adminUserId]);
    const { openSession } = await import("@/lib/auth/identity-store");
    const { encodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
    const memberSid = await openSession({ userId: s.adminUserId, ttlSeconds: 3600, ip: null, userAgent: "vitest" });
    const memberCookie = `${sessionCookieName()}=${await encodeSessionToken({ sub: s.adminUserId, sid: memberSid, tid: s.dupontId, role: "viewer", pa: true, tv: 0, mv: 0 })}`;

    const cookie = await s.supportCookie();
    const consoleCookie = await consoleCookieFor(s.adminSessionId, s.adminUserId);
    expect((await clients.GET(s.request("/api/clients", { cookie }), params())).status).toBe(200);
    const changed = await password(s.request("/api/account/password", {
      method: "POST",
      host: DUPONT_HOST,
      cookie: memberCookie,
      body: { currentPassword: ADMIN_PASSWORD, newPassword: "a fresh passphrase after a scare" },
      headers: { origin: `http://${DUPONT_HOST}` },
    }), params());
    expect(changed.status).toBe(204);
    // The console cookie of the session support mode is bound to is dead (token version)...
    const { resolveAdminSession } = await import("@/lib/auth/admin-session");
    expect(await resolveAdminSession("admin.localhost:3000", consoleCookie.split("=").slice(1).join("="))).toBeNull();
    // ...and so is support mode opened from it.
    expect((await clients.GET(s.request("/api/clients", { cookie }), params())).status).toBe(401);
    s.adminSessionId = await openSession({ userId: s.adminUserId, ttlSeconds: 3600, ip: null, userAgent: null });
  });
});

describe("cookies and tickets out of place", () => {
  it("a support cookie's value under the member session's name is nobody", async () => {
    const cookie = await s.supportCookie();
    const value = cookie.split("=").slice(1).join("=");
    const { sessionCookieName } = await import("@/lib/auth/session-token");
    const res = await clients.GET(s.request("/api/clients", { cookie: `${sessionCookieName()}=${value}` }), params());
    expect(res.status).toBe(401);
  });

  it("a support cookie does not open the admin console, and a console cookie does not enter support mode", async () => {
    const cookie = await s.supportCookie();
    const value = cookie.split("=").slice(1).join("=");
    const res = await startRoute(adminRequest(`/api/admin/tenants/${s.mapleId}/support`, { cookie: `frontdesk-admin=${value}`, body: { reason: "stolen support cookie" } }), params({ id: s.mapleId }));
    expect(res.status).toBe(404);
    const console_ = await consoleCookieFor(s.adminSessionId, s.adminUserId);
    const onTenant = await clients.GET(s.request("/api/clients", { cookie: console_ }), params());
    expect(onTenant.status).toBe(401);
    const asSupport = await clients.GET(s.request("/api/clients", { cookie: `${s.cookieName}=${console_.split("=").slice(1).join("=")}` }), params());
    expect(asSupport.status).toBe(401);
  });

  it("a ticket is worth nothing once its session is exited, even unredeemed", async () => {
    const { ticket } = await s.start();
    // Another start by the same admin supersedes it; the Exit of a live cookie ends that one.
    const live = await s.supportCookie();
    const exit = (await import("@/app/api/support/exit/route")).POST as unknown as Route;
    await exit(s.request("/api/support/exit", { method: "POST", cookie: live }), params());
    expect((await s.enter(ticket)).status).toBe(404);
  });

  it("support mode's writes refusal does not depend on the method's spelling: HEAD and OPTIONS read, lower-case or override headers change nothing", async () => {
    const cookie = await s.supportCookie();
    const before = await databaseDigest(s.admin);
    const override = await clients.POST(s.request("/api/clients", { method: "POST", cookie, body: { name: "Override" }, headers: { "x-http-method-override": "GET", "x-method-override": "GET" } }), params());
    expect(override.status).toBe(403);
    const head = await clients.GET(s.request("/api/clients", { method: "HEAD", cookie }), params());
    expect(head.status).toBe(200);
    expect(await databaseDigest(s.admin)).toEqual(before);
  });
});

describe("starting support mode", () => {
  const start = (id: string, body: unknown, cookie: string) => startRoute(adminRequest(`/api/admin/tenants/${id}/support`, { cookie, body }), params({ id }));

  it("refuses a padded, empty or oversized reason, a longer stay and a stringly duration, with nothing written", async () => {
    const cookie = await consoleCookieFor(s.adminSessionId, s.adminUserId);
    const before = await databaseDigest(s.admin);
    const bad: Array<[unknown, string]> = [
      [{ reason: "     " }, "reason"],
      [{ reason: "  \t\n  ok  \n " }, "reason"],
      [{ reason: "\u200b\u200b\u200b\u200b\u200b\ufeff" }, "reason"],
      [{ reason: "x".repeat(501) }, "reason"],
      [{ reason: "Customer called about bookings", minutes: 31 }, "minutes"],
      [{ reason: "Customer called about bookings", minutes: "30" }, "minutes"],
      [{ reason: "Customer called about bookings", minutes: 0.5 }, "minutes"],
      [{ reason: "Customer called about bookings", minutes: -5 }, "minutes"],
      [[{ reason: "Customer called about bookings" }], ""],
    ];
    for (const [body] of bad) {
      const res = await start(s.mapleId, body, cookie);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect(await databaseDigest(s.admin)).toEqual(before);
  });

  it("a tenant id that names no tenant is a 404 with nothing written, not an error", async () => {
    const cookie = await consoleCookieFor(s.adminSessionId, s.adminUserId);
    const before = await databaseDigest(s.admin);
    for (const id of ["7b0e3c5e-0d7f-4c8a-9f1e-2a3b4c5d6e7f", "not-a-uuid", "..%2F..%2Fusers"]) {
      const res = await start(id, { reason: "Looking at a ghost tenant" }, cookie);
      expect(res.status, id).toBe(404);
    }
    expect(await databaseDigest(s.admin)).toEqual(before);
  });

  it("a tenant id smuggled in the body changes nothing: the session is for the tenant in the path", async () => {
    const cookie = await consoleCookieFor(s.adminSessionId, s.adminUserId);
    const res = await start(s.mapleId, { reason: "Customer called about bookings", tenantId: s.dupontId, tenant_id: s.dupontId, slug: "cabinet-dupont" }, cookie);
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    expect(new URL(url).host).toBe(MAPLE_HOST);
    const rows = await s.admin.query(`SELECT tenant_id FROM support_sessions ORDER BY started_at DESC LIMIT 1`);
    expect(rows.rows[0].tenant_id).toBe(s.mapleId);
  });
});

describe("reading secrets", () => {
  it("no GET support can send answers a stored secret, a member's sealed second factor, or a pending invitation's hash", async () => {
    const { tenantSecrets } = await import("@/lib/secrets");
    const { runAsTenant } = await import("@/lib/tenancy");
    const openai = `sk-proj-${"Q".repeat(40)}`;
    const google = JSON.stringify({ type: "service_account", private_key: "-----BEGIN PRIVATE KEY-----MIIEvQ-support-must-not-see" });
    await runAsTenant(s.mapleId, async () => {
      await tenantSecrets().save("openai", "api_key", openai);
      await tenantSecrets().save("google", "service_account_json", google);
    });
    const maple = s.r.env.tenants["maple-dental"];
    const sealed = await s.admin.query<{ c: Buffer | null }>(`SELECT totp_ciphertext AS c FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.tenant_id = $1 AND u.totp_ciphertext IS NOT NULL`, [s.mapleId]);
    const needles = [maple.twilioToken, maple.vapiSecret, openai, "support-must-not-see", ...sealed.rows.map((r) => r.c!.toString("hex")), ...sealed.rows.map((r) => r.c!.toString("base64"))];
    const invitations = await s.admin.query<{ h: string }>(`SELECT token_hash AS h FROM invitations WHERE tenant_id = $1`, [s.mapleId]).catch(() => ({ rows: [] as Array<{ h: string }> }));
    needles.push(...invitations.rows.map((r) => r.h).filter(Boolean));

    const cookie = await s.supportCookie();
    const leaks: string[] = [];
    let read = 0;
    for (const entry of routeTable().filter((e) => e.kind === "route")) {
      const handler = (await handlersOf(entry)).GET;
      if (!handler) continue;
      const request = new NextRequest(`http://${MAPLE_HOST}${entry.path}`, { headers: { host: MAPLE_HOST, cookie } });
      const { response } = await drive(request, handler, entry.params);
      const text = await response.text();
      if (response.status === 200) read += 1;
      for (const needle of needles) if (text.includes(needle)) leaks.push(`GET ${entry.path}: ${needle.slice(0, 12)}…`);
    }
    expect(read).toBeGreaterThan(5);
    expect(leaks).toEqual([]);
  });
});
