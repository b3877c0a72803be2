import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUPONT_HOST, MAPLE_HOST, setUpSupport, type SupportEnv } from "./support-env";

/*
 * Support mode on the tenant host, through the real routes: the ticket is
 * single-use, short-lived and bound to one tenant; the cookie it sets works
 * on that tenant's host only, reads through the tenant-scoped pool under
 * RLS, refuses changes unless the owner allowed them, never reaches a secret,
 * dies at minute 30 and at Exit.
 */

let s: SupportEnv;
type Route = (request: import("next/server").NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let clients: { GET: Route; POST: Route };
let providerKey: { PUT: Route; DELETE: Route };
let providerTest: { POST: Route };
let supportSetting: { PUT: Route };
let exitRoute: Route;
let activity: { GET: Route };

const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });

beforeAll(async () => {
  s = await setUpSupport("supportmode", ["admin"]);
  clients = (await import("@/app/api/clients/route")) as unknown as typeof clients;
  providerKey = (await import("@/app/api/settings/provider-keys/[provider]/[name]/route")) as unknown as typeof providerKey;
  providerTest = (await import("@/app/api/settings/provider-tests/[provider]/route")) as unknown as typeof providerTest;
  supportSetting = (await import("@/app/api/settings/support/route")) as unknown as typeof supportSetting;
  exitRoute = (await import("@/app/api/support/exit/route")).POST as unknown as Route;
  activity = (await import("@/app/api/activity/route")) as unknown as typeof activity;
}, 180_000);

afterAll(async () => {
  await s?.close();
});

async function json(response: Response) {
  const text = await response.text();
  return { status: response.status, text, body: text ? (JSON.parse(text) as { error?: { code: string; message: string } } & Record<string, unknown>) : {} };
}

const ownerCookie = () => `${"next-auth.session-token"}=${s.r.cookies.owner}`;

describe("the ticket", () => {
  it("is redeemed once, on the tenant's host, and sets a host-only, HttpOnly cookie that ends with the session", async () => {
    const { ticket } = await s.start({ minutes: 20 });
    const first = await s.enter(ticket);
    expect(first.status).toBe(303);
    expect(first.location).toBe(`http://${MAPLE_HOST}/dashboard`);
    const header = first.setCookie.find((c) => c.startsWith(`${s.cookieName}=`))!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=lax/i);
    expect(header).not.toMatch(/Domain=/i);
    expect(header).toMatch(/Max-Age=1200\b/);
    const again = await s.enter(ticket);
    expect(again.status).toBe(404);
    expect(again.cookie).toBeNull();
  });

  it("refuses a forged, malformed, late or foreign ticket, and a ticket on the apex", async () => {
    const forged = "A".repeat(43);
    expect((await s.enter(forged)).status).toBe(404);
    expect((await s.enter("short")).status).toBe(404);
    expect((await s.enter("")).status).toBe(404);
    // A ticket for maple-dental on cabinet-dupont's host is not found (RLS), and stays usable where it belongs.
    const { ticket: foreign } = await s.start();
    expect((await s.enter(foreign, DUPONT_HOST)).status).toBe(404);
    expect((await s.enter(foreign, "localhost:3000")).status).toBe(404);
    expect((await s.enter(foreign)).status).toBe(303);
    const { ticket: late } = await s.start();
    s.clock.advance(61_000);
    expect((await s.enter(late)).status).toBe(404);
  });

  it("is redeemed by exactly one of many simultaneous attempts", async () => {
    const { ticket } = await s.start();
    const results = await Promise.all(Array.from({ length: 6 }, () => s.enter(ticket)));
    expect(results.map((r) => r.status).sort()).toEqual([303, 404, 404, 404, 404, 404]);
  });

  it("of a session the admin replaced by a newer one is dead", async () => {
    const { ticket: older } = await s.start();
    await s.start();
    expect((await s.enter(older)).status).toBe(404);
  });

  it("cannot open a session over 30 minutes, or with a reason under 5 characters, even through the platform role", async () => {
    const { startSupportSchema } = await import("@/lib/platform/support");
    expect(startSupportSchema.safeParse({ reason: "why?" }).success).toBe(false);
    expect(startSupportSchema.safeParse({ reason: "x".repeat(501) }).success).toBe(false);
    expect(startSupportSchema.safeParse({ reason: "valid reason", minutes: 31 }).success).toBe(false);
    expect(startSupportSchema.parse({ reason: "  valid reason  " })).toEqual({ reason: "valid reason", minutes: 30 });
    const platform = new pg.Client({ connectionString: s.r.env.db.platformUrl });
    await platform.connect();
    try {
      const err = await platform
        .query(
          `INSERT INTO support_sessions (tenant_id, admin_user_id, admin_session_id, reason, started_at, expires_at, ticket_hash, ticket_expires_at)
           VALUES ($1, $2, $3, 'long session', now(), now() + interval '31 minutes', 'h', now())`,
          [s.mapleId, s.adminUserId, s.adminSessionId],
        )
        .catch((e) => e);
      expect((err as { code?: string }).code).toBe("23514");
    } finally {
      await platform.end();
    }
  });

  it("cannot be lengthened by the app role, which may only redeem, bind and end", async () => {
    const app = new pg.Client({ connectionString: s.r.env.db.appUrl });
    await app.connect();
    try {
      await app.query("BEGIN");
      await app.query("SELECT set_config('app.tenant_id', $1, true)", [s.mapleId]);
      const err = await app.query(`UPDATE support_sessions SET expires_at = expires_at + interval '1 day'`).catch((e) => e);
      expect((err as { code?: string }).code).toBe("42501");
      await app.query("ROLLBACK");
      const ins = await app
        .query(
          `INSERT INTO support_sessions (tenant_id, admin_user_id, admin_session_id, reason, started_at, expires_at, ticket_hash, ticket_expires_at)
           VALUES ($1, $2, $3, 'self-made', now(), now() + interval '1 minute', 'x', now())`,
          [s.mapleId, s.adminUserId, s.adminSessionId],
        )
        .catch((e) => e);
      expect((ins as { code?: string }).code).toBe("42501");
    } finally {
      await app.end();
    }
  });
});

describe("the support cookie", () => {
  it("reads the tenant's own data through the normal tenant route", async () => {
    for (const [tenant, name] of [[s.mapleId, "Maple Patient"], [s.dupontId, "Dupont Patient"]]) {
      await s.admin.query(`INSERT INTO clients (tenant_id, name, updated_at) VALUES ($1, $2, now())`, [tenant, name]);
    }
    const cookie = await s.supportCookie();
    const res = await json(await clients.GET(s.request("/api/clients", { cookie }), params()));
    expect(res.status).toBe(200);
    expect(res.text).toContain("Maple Patient");
    const names = (res.body.clients as Array<{ name: string }>).map((c) => c.name);
    const maple = await s.admin.query<{ name: string }>(`SELECT name FROM clients WHERE tenant_id = $1`, [s.mapleId]);
    const others = await s.admin.query<{ name: string }>(`SELECT name FROM clients WHERE tenant_id <> $1`, [s.mapleId]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(maple.rows.map((r) => r.name)).toContain(name);
    for (const r of others.rows) expect(names).not.toContain(r.name);
  });

  it("never works on another tenant's host, the apex or the admin host", async () => {
    const cookie = await s.supportCookie();
    const other = await json(await clients.GET(s.request("/api/clients", { cookie, host: DUPONT_HOST }), params()));
    expect(other.status).toBe(401);
    expect(other.text).not.toContain("Dupont");
    for (const host of ["localhost:3000", "admin.localhost:3000"]) {
      const res = await json(await clients.GET(s.request("/api/clients", { cookie, host }), params()));
      expect(res.status, host).toBe(404);
    }
  });

  it("is refused a change while the owner has not allowed changes (403 support_read_only), and nothing is written", async () => {
    const cookie = await s.supportCookie();
    const before = await s.admin.query(`SELECT count(*)::int AS n FROM clients WHERE tenant_id = $1`, [s.mapleId]);
    const res = await json(await clients.POST(s.request("/api/clients", { method: "POST", cookie, body: { name: "Support Created" } }), params()));
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe("support_read_only");
    const after = await s.admin.query(`SELECT count(*)::int AS n FROM clients WHERE tenant_id = $1`, [s.mapleId]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("may change things once the owner allows it, audited as Frontdesk support; the owner turning it off applies on the next request", async () => {
    const cookie = await s.supportCookie();
    const allow = await json(await supportSetting.PUT(s.request("/api/settings/support", { method: "PUT", cookie: ownerCookie(), body: { allowed: true } }), params()));
    expect(allow.status).toBe(200);
    const created = await json(await clients.POST(s.request("/api/clients", { method: "POST", cookie, body: { name: "Made By Support" } }), params()));
    expect(created.status).toBe(201);
    const audit = await s.admin.query(`SELECT actor_kind, actor_user_id FROM audit_events WHERE tenant_id = $1 AND action = 'client.created' ORDER BY created_at DESC LIMIT 1`, [s.mapleId]);
    expect(audit.rows[0]).toEqual({ actor_kind: "platform_admin", actor_user_id: s.adminUserId });
    const owner = await s.admin.query(`SELECT action, actor_kind FROM audit_events WHERE tenant_id = $1 AND action LIKE 'support.writes%' ORDER BY created_at`, [s.mapleId]);
    expect(owner.rows).toEqual([{ action: "support.writes_allowed", actor_kind: "user" }]);

    await json(await supportSetting.PUT(s.request("/api/settings/support", { method: "PUT", cookie: ownerCookie(), body: { allowed: false } }), params()));
    const refused = await json(await clients.POST(s.request("/api/clients", { method: "POST", cookie, body: { name: "Too Late" } }), params()));
    expect(refused.body.error?.code).toBe("support_read_only");
  });

  it("cannot turn on its own write access, and neither can a workspace admin", async () => {
    await s.setWritesAllowed(false);
    const cookie = await s.supportCookie();
    const bySupport = await json(await supportSetting.PUT(s.request("/api/settings/support", { method: "PUT", cookie, body: { allowed: true } }), params()));
    expect(bySupport.status).toBe(403);
    expect(bySupport.body.error?.code).toBe("support_not_allowed");
    await s.setWritesAllowed(true);
    const stillNot = await json(await supportSetting.PUT(s.request("/api/settings/support", { method: "PUT", cookie, body: { allowed: false } }), params()));
    expect(stillNot.body.error?.code).toBe("support_not_allowed");
    const byAdmin = await s.r.send("admin", supportSetting.PUT as never, "PUT", { body: { allowed: true } });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.json.error?.code).toBe("forbidden");
    await s.setWritesAllowed(false);
  });
});

describe("the admin behind it", () => {
  it("signing out of the console, or losing the platform-admin flag, ends support mode at the next request", async () => {
    const cookie = await s.supportCookie();
    expect((await clients.GET(s.request("/api/clients", { cookie }), params())).status).toBe(200);
    await s.admin.query(`UPDATE users SET is_platform_admin = false WHERE id = $1`, [s.adminUserId]);
    expect((await clients.GET(s.request("/api/clients", { cookie }), params())).status).toBe(401);
    await s.admin.query(`UPDATE users SET is_platform_admin = true WHERE id = $1`, [s.adminUserId]);
    expect((await clients.GET(s.request("/api/clients", { cookie }), params())).status).toBe(200);

    const { closeSession, openSession } = await import("@/lib/auth/identity-store");
    await closeSession(s.adminSessionId);
    expect((await clients.GET(s.request("/api/clients", { cookie }), params())).status).toBe(401);
    s.adminSessionId = await openSession({ userId: s.adminUserId, ttlSeconds: 3600, ip: null, userAgent: null });
  });
});

describe("secrets", () => {
  it("are never saved, deleted or tested by support, even with changes allowed", async () => {
    await s.setWritesAllowed(true);
    const cookie = await s.supportCookie();
    const before = await s.admin.query(`SELECT provider, name, ciphertext FROM tenant_secrets WHERE tenant_id = $1 ORDER BY provider, name`, [s.mapleId]);
    const attempts = [
      providerKey.PUT(s.request("/api/settings/provider-keys/openai/base_url", { method: "PUT", cookie, body: { value: "https://attacker.example/v1" } }), params({ provider: "openai", name: "base_url" })),
      providerKey.PUT(s.request("/api/settings/provider-keys/twilio/auth_token", { method: "PUT", cookie, body: { value: "f".repeat(32) } }), params({ provider: "twilio", name: "auth_token" })),
      providerKey.DELETE(s.request("/api/settings/provider-keys/twilio/auth_token", { method: "DELETE", cookie }), params({ provider: "twilio", name: "auth_token" })),
      providerTest.POST(s.request("/api/settings/provider-tests/twilio", { method: "POST", cookie }), params({ provider: "twilio" })),
      providerTest.POST(s.request("/api/settings/provider-tests/openai", { method: "POST", cookie }), params({ provider: "openai" })),
    ];
    for (const attempt of attempts) {
      const res = await json(await attempt);
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe("support_not_allowed");
    }
    const after = await s.admin.query(`SELECT provider, name, ciphertext FROM tenant_secrets WHERE tenant_id = $1 ORDER BY provider, name`, [s.mapleId]);
    expect(after.rows).toEqual(before.rows);
    await s.setWritesAllowed(false);
  });

  it("are only ever listed as masked metadata to support", async () => {
    const cookie = await s.supportCookie();
    const { resolveTenantUser } = await import("@/lib/auth/tenant-user");
    const resolved = await resolveTenantUser(MAPLE_HOST, undefined, "settings.view", { support: cookie.split("=")[1] });
    expect(resolved.kind).toBe("ok");
    const { listProviderKeys } = await import("@/lib/settings");
    const { runAsTenant } = await import("@/lib/tenancy");
    const listed = await runAsTenant(s.mapleId, () => listProviderKeys());
    const maple = s.r.env.tenants["maple-dental"];
    const text = JSON.stringify(listed);
    expect(listed.length).toBeGreaterThan(0);
    expect(text).not.toContain(maple.twilioToken);
    expect(text).not.toContain(maple.vapiSecret);
    for (const key of listed) expect(Object.keys(key).sort()).toEqual(["last4", "name", "provider", "updatedAt"].filter((k) => k in key).sort());
  });
});

describe("expiry and exit", () => {
  it("works at 29:59 and is refused from minute 30 on, server-side, on every request", async () => {
    const cookie = await s.supportCookie();
    s.clock.advance(30 * 60_000 - 1_000);
    expect((await clients.GET(s.request("/api/clients", { cookie }), params())).status).toBe(200);
    s.clock.advance(1_000);
    const late = await json(await clients.GET(s.request("/api/clients", { cookie }), params()));
    expect(late.status).toBe(401);
    expect(late.text).not.toContain("clients");
  });

  it("ends at Exit: the cookie is cleared, dead if replayed, and the owner's Activity says so", async () => {
    const cookie = await s.supportCookie();
    const foreign = await exitRoute(s.request("/api/support/exit", { method: "POST", cookie, headers: { origin: "http://evil.example" } }), params());
    expect(foreign.status).toBe(403);
    expect((await clients.GET(s.request("/api/clients", { cookie }), params())).status).toBe(200);

    const exit = await exitRoute(s.request("/api/support/exit", { method: "POST", cookie, headers: { origin: `http://${MAPLE_HOST}` } }), params());
    expect(exit.status).toBe(303);
    expect(exit.headers.get("location")).toBe(`http://admin.localhost:3000/tenants/${s.mapleId}`);
    expect(exit.headers.getSetCookie().find((c) => c.startsWith(`${s.cookieName}=;`))).toMatch(/Max-Age=0/);
    expect((await clients.GET(s.request("/api/clients", { cookie }), params())).status).toBe(401);
    const ended = await s.admin.query(`SELECT action, actor_kind, actor_user_id FROM audit_events WHERE tenant_id = $1 AND action = 'support.ended'`, [s.mapleId]);
    expect(ended.rows).toEqual([{ action: "support.ended", actor_kind: "platform_admin", actor_user_id: s.adminUserId }]);
    // A second Exit with the same cookie changes nothing more.
    await exitRoute(s.request("/api/support/exit", { method: "POST", cookie }), params());
    expect((await s.admin.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'support.ended'`)).rows[0].n).toBe(1);
  });

  it("Activity shows the owner Frontdesk support's sentences", async () => {
    const res = await json(await activity.GET(s.request("/api/activity?action=support", { cookie: ownerCookie() }), params()));
    expect(res.status).toBe(200);
    const summaries = (res.body.items as Array<{ summary: string; actor: { kind: string } }>).map((i) => i.summary);
    expect(summaries).toContain("Frontdesk support stopped viewing your workspace");
    expect(summaries.some((t) => t.startsWith("Frontdesk support started viewing your workspace") && t.endsWith(": Customer asked why bookings fail"))).toBe(true);
  });
});

describe("the pools", () => {
  it("a support request only ever talks to PostgreSQL as frontdesk_app, never as the platform role", async () => {
    const cookie = await s.supportCookie();
    const seen = new Set<string>();
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      if (this.constructor !== pg.Client) seen.add((this as unknown as { connectionParameters: { user: string } }).connectionParameters.user);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      await s.setWritesAllowed(true);
      expect((await clients.GET(s.request("/api/clients", { cookie }), params())).status).toBe(200);
      expect((await clients.POST(s.request("/api/clients", { method: "POST", cookie, body: { name: "Pool Check" } }), params())).status).toBe(201);
      expect((await providerTest.POST(s.request("/api/settings/provider-tests/twilio", { method: "POST", cookie }), params({ provider: "twilio" }))).status).toBe(403);
      await exitRoute(s.request("/api/support/exit", { method: "POST", cookie }), params());
    } finally {
      pg.Client.prototype.query = original;
      await s.setWritesAllowed(false);
    }
    expect([...seen]).toEqual(["frontdesk_app"]);
  });
});
