import type { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";
import { ADMIN_HOST, adminCookie, adminRequest, createPlatformAdmin, type TestPlatformAdmin } from "../support/platform-admin";
import type { RouteHandler } from "../support/route-table";

/*
 * Attacks on the platform console's front door, as a stolen-cookie holder,
 * someone who reads an admin's mailbox, or a password guesser would try
 * them: every request goes through the real route handlers on a real
 * database. A passing test documents a defence.
 */

let env: ChannelTestEnv;
let ops: TestPlatformAdmin;
let probe: RouteHandler;

type Body = { error?: { code: string; field?: string; reason?: string; message?: string }; next?: string };
const json = async (r: Response) => (await r.json()) as Body;
const call = (handler: RouteHandler, request: NextRequest) => handler(request, { params: Promise.resolve({}) });

beforeAll(async () => {
  env = await setUpChannelTest("attacksadminauth");
  ops = await createPlatformAdmin(env.db.adminUrl, { email: "ops-attack@frontdesk.test" });
  const { withPlatformAdmin } = await import("@/lib/auth/with-platform-admin");
  probe = withPlatformAdmin({ purpose: () => ({ action: "test.probe" }) }, async () => Response.json({ ok: true })) as RouteHandler;
}, 120_000);

afterAll(async () => {
  const { platformAccess } = await import("@/lib/db");
  await platformAccess().close();
  await env?.close();
});

async function signIn(body: Record<string, unknown>, ip = "198.51.100.20") {
  const { POST } = await import("@/app/api/admin/auth/sign-in/route");
  return POST(adminRequest("/api/admin/auth/sign-in", { body, headers: { "x-forwarded-for": ip } }));
}

/** Asks the apex for a password reset of `email` and returns the ticket the mail carries. */
async function resetTicketFor(email: string): Promise<string> {
  // The route's own step (its handler also reads the UI language from cookies, which needs Next's request scope).
  const { requestPasswordReset } = await import("@/lib/auth/password-reset");
  const spy = vi.spyOn(console, "info").mockImplementation(() => undefined);
  try {
    await requestPasswordReset({ email }, { ip: "198.51.100.10", requestId: "r", userAgent: "vitest" }, {
      origin: "http://localhost:3000",
      text: { subject: "Reset", body: "Hello {name}, {link} ({minutes} minutes)" },
    });
    const mail = spy.mock.calls.map((c) => String(c[0])).find((t) => t.includes("/reset-password/"));
    const ticket = /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(mail ?? "")?.[1];
    if (!ticket) throw new Error("no reset mail captured");
    return ticket;
  } finally {
    spy.mockRestore();
  }
}

describe("a password-reset mail is not a way around the second factor", () => {
  it("the apex's reset ticket, replayed on the admin host's setup step, sets the password but opens no console session for an admin with two-factor", async () => {
    const target = await createPlatformAdmin(env.db.adminUrl, { email: "mailbox-read@frontdesk.test" });
    const ticket = await resetTicketFor(target.email);
    const { POST } = await import("@/app/api/admin/auth/setup/route");
    const res = await POST(adminRequest("/api/admin/auth/setup", { body: { token: ticket, password: "the attacker's new passphrase" } }));
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).not.toMatch(/frontdesk-admin=[^;]+/);
    expect((await json(res)).next).toBe("/sign-in");
    // The password alone still does not open the console: the code is asked for.
    const withoutCode = await signIn({ email: target.email, password: "the attacker's new passphrase" });
    expect((await json(withoutCode)).error?.reason).toBe("two_factor_required");
  });

  it("an admin:create link still opens the two-factor setup for an admin who has none", async () => {
    const { createPlatformAdmin: invite } = await import("@/lib/auth/platform-admins");
    const created = await invite(env.db.adminUrl, { email: "brand-new-admin@frontdesk.test" });
    const { POST } = await import("@/app/api/admin/auth/setup/route");
    const res = await POST(adminRequest("/api/admin/auth/setup", { body: { token: created.setupPath.split("/").pop(), password: "a brand new admin passphrase" } }));
    expect(res.status).toBe(200);
    expect((await json(res)).next).toBe("/two-factor");
    expect(res.headers.get("set-cookie")).toMatch(/^frontdesk-admin=[^;]+/);
  });
});

describe("guessing the code", () => {
  it("five wrong codes lock the email: the right code is then refused too, from any address", async () => {
    const target = await createPlatformAdmin(env.db.adminUrl, { email: "guessed@frontdesk.test" });
    const wrong = (n: number) => String((Number(target.code()) + 1 + n * 7919) % 1_000_000).padStart(6, "0");
    const answers: number[] = [];
    for (let i = 0; i < 5; i += 1) answers.push((await signIn({ email: target.email, password: target.password, code: wrong(i) }, `198.51.100.${30 + i}`)).status);
    expect(answers.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(answers[4]).toBe(429);
    const right = await signIn({ email: target.email, password: target.password, code: target.code() }, "198.51.100.99");
    expect(right.status).toBe(429);
    expect(right.headers.get("set-cookie")).toBeNull();
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a recovery code of another admin, or a used-looking one, counts as a wrong code", async () => {
    const target = await createPlatformAdmin(env.db.adminUrl, { email: "recovery-guess@frontdesk.test" });
    const res = await signIn({ email: target.email, password: target.password, code: "abcd-efgh-ijkl" });
    expect(res.status).toBe(401);
    expect((await json(res)).error?.reason).toBe("invalid_code");
    const failures = await env.admin.query(`SELECT count(*)::int AS n FROM platform_audit_events WHERE action = 'auth.two_factor_failed' AND actor_user_id = $1`, [target.userId]);
    expect(failures.rows[0].n).toBe(1);
  });
});

describe("who works here is not told", () => {
  it("an unknown email, an admin's wrong password and a member's right password get the same answer", async () => {
    const maple = env.tenants["maple-dental"];
    const answers = await Promise.all([
      signIn({ email: "nobody-here@frontdesk.test", password: "a guessed passphrase" }, "198.51.100.60"),
      signIn({ email: ops.email, password: "a guessed passphrase" }, "198.51.100.61"),
      signIn({ email: maple.ownerEmail, password: maple.ownerPassword }, "198.51.100.62"),
    ]);
    const bodies = await Promise.all(answers.map(json));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(bodies[1]!.error).toEqual(bodies[0]!.error);
    expect(bodies[2]!.error).toEqual(bodies[0]!.error);
    for (const a of answers) expect(a.headers.get("set-cookie")).toBeNull();
  });

  it("a member whose account has two-factor is not asked for a code: their right password gets the wrong-password answer", async () => {
    // A user with a password and two-factor who does not work at Frontdesk.
    const member = await createPlatformAdmin(env.db.adminUrl, { email: "member-with-totp@frontdesk.test" });
    await env.admin.query(`UPDATE users SET is_platform_admin = false WHERE id = $1`, [member.userId]);
    const [right, wrong] = await Promise.all([
      signIn({ email: member.email, password: member.password }, "198.51.100.63"),
      signIn({ email: "nobody-else@frontdesk.test", password: "a guessed passphrase" }, "198.51.100.64"),
    ]);
    expect(right.status).toBe(401);
    expect((await json(right)).error).toEqual((await json(wrong)).error);
    const withCode = await signIn({ email: member.email, password: member.password, code: member.code() }, "198.51.100.65");
    expect(withCode.status).toBe(401);
    expect((await json(withCode)).error?.reason).toBe("invalid_credentials");
  });
});

describe("cookies", () => {
  it("a console cookie is dead after sign-out, even replayed before its 8 hours are up", async () => {
    const cookie = await adminCookie(ops.userId);
    expect((await call(probe, adminRequest("/api/admin/probe", { cookie }))).status).toBe(200);
    const { POST } = await import("@/app/api/admin/auth/sign-out/route");
    const out = await POST(adminRequest("/api/admin/auth/sign-out", { method: "POST", cookie }));
    expect(out.status).toBe(200);
    expect((await call(probe, adminRequest("/api/admin/probe", { cookie }))).status).toBe(404);
  });

  it("a token sealed with the tenant sessions' key, claiming the platform scope, is not a console cookie", async () => {
    const { encode } = await import("next-auth/jwt");
    const { authSecret } = await import("@/lib/auth/session-token");
    const { openSession } = await import("@/lib/auth/identity-store");
    const sid = await openSession({ userId: ops.userId, ttlSeconds: 3600, ip: null, userAgent: null });
    const forged = await encode({ token: { sub: ops.userId, sid, tv: 0, scope: "platform" }, secret: authSecret(), maxAge: 3600 });
    expect((await call(probe, adminRequest("/api/admin/probe", { cookie: `frontdesk-admin=${forged}` }))).status).toBe(404);
  });

  it("a platform admin's own tenant-console session (pa: true) opens nothing on the admin host, under either name", async () => {
    const { signInWithPassword } = await import("@/lib/auth/sign-in");
    const { encodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
    const member = await createPlatformAdmin(env.db.adminUrl, { email: "admin-and-member@frontdesk.test" });
    const claims = await signInWithPassword({ email: member.email, password: member.password, code: member.code() }, { ip: "198.51.100.70", requestId: "r", userAgent: "vitest" });
    expect(claims.pa).toBe(true);
    const token = await encodeSessionToken(claims);
    for (const cookie of [`${sessionCookieName()}=${token}`, `frontdesk-admin=${token}`]) {
      expect((await call(probe, adminRequest("/api/admin/probe", { cookie }))).status).toBe(404);
    }
  });

  it("the Host is read by name only: case, a trailing dot or another port is still the admin host, and nothing else is", async () => {
    const cookie = await adminCookie(ops.userId);
    for (const host of ["ADMIN.LOCALHOST:3000", "admin.localhost.:3000", "admin.localhost:3100"]) {
      expect((await call(probe, adminRequest("/api/admin/probe", { cookie, host }))).status, host).toBe(200);
    }
    for (const host of ["admin.maple-dental.localhost:3000", "admin-localhost:3000", "admin.localhost.evil.example:3000", "127.0.0.1:3000", "adm1n.localhost:3000"]) {
      expect((await call(probe, adminRequest("/api/admin/probe", { cookie, host }))).status, host).toBe(404);
    }
    // X-Forwarded-Host is never what names the console.
    const forwarded = await call(probe, adminRequest("/api/admin/probe", { cookie, host: "localhost:3000", headers: { "x-forwarded-host": ADMIN_HOST } }));
    expect(forwarded.status).toBe(404);
  });
});

describe("another origin posting to the console", () => {
  it("a tenant host's page (same site, so the lax cookie rides along) cannot sign the admin out or act through the console APIs", async () => {
    const cookie = await adminCookie(ops.userId);
    const foreign = { origin: "http://maple-dental.localhost:3000" };
    const { POST: signOut } = await import("@/app/api/admin/auth/sign-out/route");
    const out = await signOut(adminRequest("/api/admin/auth/sign-out", { method: "POST", cookie, headers: foreign }));
    expect(out.status).toBe(403);
    expect((await call(probe, adminRequest("/api/admin/probe", { cookie }))).status).toBe(200);
    const posted = await call(probe, adminRequest("/api/admin/probe", { cookie, body: { reason: "cross-origin" }, headers: foreign }));
    expect(posted.status).toBe(403);
    const { POST: signInRoute } = await import("@/app/api/admin/auth/sign-in/route");
    const crossSignIn = await signInRoute(adminRequest("/api/admin/auth/sign-in", { body: { email: ops.email, password: ops.password }, headers: foreign }));
    expect(crossSignIn.status).toBe(403);
    // The console's own pages, and requests with no Origin (curl, scripts), are unaffected.
    const own = await call(probe, adminRequest("/api/admin/probe", { cookie, body: { reason: "same origin" }, headers: { origin: `http://${ADMIN_HOST}` } }));
    expect(own.status).toBe(200);
  });
});
