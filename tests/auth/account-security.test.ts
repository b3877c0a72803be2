import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionClaims } from "@/lib/auth/session-token";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";

/*
 * Account security through the real modules and route handlers, against
 * real PostgreSQL (the functions of migration 20261206131742):
 * - a reset ticket works once, not after its hour, not after a newer one,
 *   ends every session, and no ticket is filed while sign-in is locked;
 * - a TOTP step is accepted once, even by two sign-ins racing with it, and a
 *   recovery code once;
 * - a workspace requiring two-factor holds a member without it to their
 *   account routes;
 * - "sign out this session" reaches the user's own sessions only.
 */

let r: ConsoleRolesEnv;
const info = { ip: "203.0.113.77", requestId: "req-security", userAgent: "vitest" };
let mod: {
  requestPasswordReset: typeof import("@/lib/auth/password-reset").requestPasswordReset;
  completePasswordReset: typeof import("@/lib/auth/password-reset").completePasswordReset;
  verifyCredentials: typeof import("@/lib/auth/sign-in").verifyCredentials;
  checkTenantSession: typeof import("@/lib/auth/tenant-session").checkTenantSession;
  decode: (value: string) => Promise<SessionClaims | null>;
  totpCode: typeof import("@/lib/auth/totp").totpCode;
};
let routes: Record<string, Record<string, Handler>>;
const mails: Array<{ to: string; text: string }> = [];

beforeAll(async () => {
  delete process.env.REDIS_URL;
  r = await setUpConsoleRoles("security", { members: ["staff", "viewer"] });
  const reset = await import("@/lib/auth/password-reset");
  const outgoing = await import("@/lib/auth/outgoing-email");
  // The mail leaves through sendAccountEmail; without SMTP (as here) it is logged: catch it instead.
  const original = console.info;
  console.info = (...args: unknown[]) => {
    const text = String(args[0] ?? "");
    const to = /^\[mail\] password_reset to (\S+)/.exec(text)?.[1];
    if (to) mails.push({ to, text });
    else original(...args);
  };
  void outgoing;
  mod = {
    requestPasswordReset: reset.requestPasswordReset,
    completePasswordReset: reset.completePasswordReset,
    verifyCredentials: (await import("@/lib/auth/sign-in")).verifyCredentials,
    checkTenantSession: (await import("@/lib/auth/tenant-session")).checkTenantSession,
    decode: (await import("@/lib/auth/session-token")).decodeSessionToken,
    totpCode: (await import("@/lib/auth/totp")).totpCode,
  };
  routes = {
    twoFactor: (await import("@/app/api/account/two-factor/route")) as never,
    security: (await import("@/app/api/settings/security/route")) as never,
    session: (await import("@/app/api/account/sessions/[id]/route")) as never,
    clients: (await import("@/app/api/clients/route")) as never,
    account: (await import("@/app/api/account/route")) as never,
  };
}, 120_000);

afterAll(async () => {
  await r?.env.close();
});

const TEXT = { subject: "Reset", body: "Hello {name}, {link} ({minutes} min)" };
const ticketOf = (email: string) => /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(mails.filter((m) => m.to === email).at(-1)!.text)![1]!;
const emailOf = async (who: "staff" | "viewer") =>
  (await r.env.admin.query<{ email: string }>("SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.id = $1", [r.memberships[who]])).rows[0]!.email;

describe("forgot password", () => {
  it("works once, ends every session, and a newer link replaces the older", async () => {
    const email = await emailOf("staff");
    await mod.requestPasswordReset({ email }, info, { origin: "http://localhost:3000", text: TEXT });
    const first = ticketOf(email);
    await mod.requestPasswordReset({ email }, info, { origin: "http://localhost:3000", text: TEXT });
    const second = ticketOf(email);
    expect(second).not.toBe(first);
    await expect(mod.completePasswordReset({ token: first, password: "an entirely new passphrase" }, info)).rejects.toMatchObject({ field: "token" });
    const claims = (await mod.decode(r.cookies.staff))!;
    expect((await mod.checkTenantSession(claims, r.env.tenants["maple-dental"].id)).ok).toBe(true);
    expect(await mod.completePasswordReset({ token: second, password: "an entirely new passphrase" }, info)).toEqual({ email });
    expect((await mod.checkTenantSession(claims, r.env.tenants["maple-dental"].id)).ok).toBe(false);
    await expect(mod.completePasswordReset({ token: second, password: "yet another passphrase" }, info)).rejects.toMatchObject({ field: "token" });
    await expect(mod.verifyCredentials({ email, password: "an entirely new passphrase" }, info)).resolves.toMatchObject({ email });
  });

  it("refuses a ticket past its hour, and files none for an unknown email or while sign-in is locked", async () => {
    const email = await emailOf("viewer");
    await mod.requestPasswordReset({ email }, info, { origin: "http://localhost:3000", text: TEXT });
    const ticket = ticketOf(email);
    const { rows } = await r.env.admin.query("SELECT expires_at - created_at AS ttl FROM password_resets WHERE used_at IS NULL ORDER BY created_at DESC LIMIT 1");
    expect(rows[0].ttl).toMatchObject({ hours: 1 });
    await r.env.admin.query("UPDATE password_resets SET expires_at = now() - interval '1 second'");
    await expect(mod.completePasswordReset({ token: ticket, password: "an entirely new passphrase" }, info)).rejects.toMatchObject({ field: "token" });

    const before = mails.length;
    await mod.requestPasswordReset({ email: "nobody@example.test" }, info, { origin: "http://localhost:3000", text: TEXT });
    expect(mails.length).toBe(before);
    // Five wrong passwords lock sign-in for the email: no reset link goes out while it is locked.
    for (let i = 0; i < 5; i++) await mod.verifyCredentials({ email, password: "wrong password here" }, { ...info, ip: `198.51.100.${i}` }).catch(() => undefined);
    await expect(mod.requestPasswordReset({ email }, { ...info, ip: "192.0.2.50" }, { origin: "http://localhost:3000", text: TEXT })).rejects.toMatchObject({ code: "rate_limited" });
    expect(mails.length).toBe(before);
  });
});

describe("two-factor", () => {
  it("accepts a code once, even to two sign-ins racing with it, then a recovery code once", async () => {
    const start = await r.send<{ setup: string; secret: string }>("owner", routes.twoFactor!.POST!, "POST");
    expect(start.status).toBe(200);
    const now = new Date();
    const confirm = await r.send<{ recoveryCodes: string[] }>("owner", routes.twoFactor!.PUT!, "PUT", { body: { setup: start.json.setup, code: mod.totpCode(start.json.secret, now) } });
    expect(confirm.status, confirm.text).toBe(200);
    const stored = await r.env.admin.query("SELECT totp_ciphertext, totp_recovery_hashes FROM users WHERE totp_enabled_at IS NOT NULL");
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].totp_ciphertext.toString("utf8")).not.toContain(start.json.secret);
    const email = r.env.tenants["maple-dental"].ownerEmail;
    const password = r.env.tenants["maple-dental"].ownerPassword;
    const signIn = (code?: string, at = new Date(now.getTime() + 30_000)) =>
      mod.verifyCredentials({ email, password, ...(code ? { code } : {}) }, { ...info, ip: "192.0.2.99" }, undefined, at).then(
        () => "ok",
        (e: { code?: string }) => e.code,
      );
    expect(await signIn()).toBe("two_factor_required");
    // The setup code's step is spent.
    expect(await signIn(mod.totpCode(start.json.secret, now), now)).toBe("code_reused");
    const next = mod.totpCode(start.json.secret, new Date(now.getTime() + 30_000));
    const raced = await Promise.all([signIn(next), signIn(next), signIn(next)]);
    expect(raced.filter((o) => o === "ok")).toHaveLength(1);
    expect(raced.filter((o) => o === "code_reused")).toHaveLength(2);
    // The decision is the database's: five acceptances of one step at once, one wins.
    const { acceptTotpStep } = await import("@/lib/auth/security-store");
    const userId = (await r.env.admin.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email])).rows[0]!.id;
    const step = Math.floor(now.getTime() / 30_000) + 5;
    const wins = await Promise.all(Array.from({ length: 5 }, () => acceptTotpStep(userId, step)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await acceptTotpStep(userId, step - 1)).toBe(false);
    const recovery = confirm.json.recoveryCodes[3]!;
    expect(await signIn(recovery)).toBe("ok");
    expect(await signIn(recovery)).toBe("invalid_code");
  });

  it("a workspace that requires it holds a member without it to their own account", async () => {
    const set = await r.send("owner", routes.security!.PUT!, "PUT", { body: { required: true } });
    expect(set.status, set.text).toBe(200);
    expect((await r.send("viewer", routes.clients!.GET!, "GET")).status).toBe(403);
    expect((await r.send("viewer", routes.account!.PATCH!, "PATCH", { body: { name: "Still Me" } })).status).toBe(200);
    expect((await r.send("viewer", routes.security!.PUT!, "PUT", { body: { required: false } })).status).toBe(403);
    expect((await r.send("owner", routes.clients!.GET!, "GET")).status).toBe(200);
    expect((await r.send("owner", routes.security!.PUT!, "PUT", { body: { required: false } })).status).toBe(200);
    expect((await r.send("viewer", routes.clients!.GET!, "GET")).status).toBe(200);
  });
});

describe("sessions", () => {
  it("signs out another session of one's own, never someone else's", async () => {
    const viewerSession = (await mod.decode(r.cookies.viewer))!.sid;
    // The owner cannot end the viewer's session, whatever id they send.
    expect((await r.send("owner", routes.session!.DELETE!, "DELETE", { params: { id: viewerSession } })).status).toBe(404);
    expect((await r.env.admin.query("SELECT revoked_at FROM auth_sessions WHERE id = $1", [viewerSession])).rows[0].revoked_at).toBeNull();
    // Nor their own current one from here (that is "sign out").
    const own = (await mod.decode(r.cookies.owner))!.sid;
    expect((await r.send("owner", routes.session!.DELETE!, "DELETE", { params: { id: own } })).status).toBe(400);
  });
});
