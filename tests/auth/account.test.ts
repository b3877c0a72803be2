import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionClaims } from "@/lib/auth/session-token";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";

/*
 * The Account page's route handlers, called for real (session cookie, tenant
 * host, zod, database with row-level security): a member renames themselves;
 * a password change needs the right current password (wrong ones are
 * throttled like sign-in), follows sign-up's rules, ends every session of the
 * user and hands this browser a fresh one; every change is audited in each of
 * the member's workspaces, never with a secret.
 */

let env: ChannelTestEnv;
let cookieName: string;
const PASSWORD = "a long enough passphrase";
const NEW_PASSWORD = "another quite long passphrase";
const info = { ip: "203.0.113.20", requestId: "req-account", userAgent: "vitest" };

type Handler = (request: NextRequest, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
let routes: { account: Record<string, Handler>; password: Record<string, Handler> };

let session: (email: string, password: string, slug: "maple-dental" | "cabinet-dupont") => Promise<SessionClaims>;
let encode: (claims: SessionClaims) => Promise<string>;
let decode: (value: string) => Promise<SessionClaims | null>;
let check: (claims: SessionClaims, tenantId: string) => Promise<{ ok: boolean; reason?: string }>;
let verify: (email: string, password: string, ip?: string) => Promise<string>;
let addMember: (slug: "maple-dental" | "cabinet-dupont", email: string, name?: string) => Promise<void>;

beforeAll(async () => {
  // The database-backed throttle: each test file's own, nothing shared with other runs.
  delete process.env.REDIS_URL;
  env = await setUpChannelTest("account");
  const { signInWithPassword, verifyCredentials } = await import("@/lib/auth/sign-in");
  const { handoffUrl, redeemHandoff } = await import("@/lib/auth/session-handoff");
  const { encodeSessionToken, decodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
  const { checkTenantSession } = await import("@/lib/auth/tenant-session");
  const { inviteMember, acceptInvitation } = await import("@/lib/auth/team");
  const { tenantDb } = await import("@/lib/db");
  const { runAsTenant } = await import("@/lib/tenancy");
  cookieName = sessionCookieName();
  encode = encodeSessionToken;
  decode = (value) => decodeSessionToken(value);
  check = async (claims, tenantId) => {
    const result = await checkTenantSession(claims, tenantId);
    return result.ok ? { ok: true } : { ok: false, reason: result.reason };
  };
  verify = (email, password, ip = "198.51.100.99") =>
    verifyCredentials({ email, password }, { ...info, ip }).then(
      () => "ok",
      (e: { code?: string }) => e.code ?? "error",
    );

  session = async (email, password, slug) => {
    const tenant = env.tenants[slug];
    const apex = await signInWithPassword({ email, password }, info);
    const url = await handoffUrl({ sessionId: apex.sid, tenantId: tenant.id, slug, headers: new Headers({ host: "localhost:3000" }) });
    return (await redeemHandoff(new URL(url!).searchParams.get("ticket")!, tenant.id))!.claims;
  };

  const owners = {
    "maple-dental": await session(env.tenants["maple-dental"].ownerEmail, env.tenants["maple-dental"].ownerPassword, "maple-dental"),
    "cabinet-dupont": await session(env.tenants["cabinet-dupont"].ownerEmail, env.tenants["cabinet-dupont"].ownerPassword, "cabinet-dupont"),
  };
  addMember = async (slug, email, name) => {
    const tenant = env.tenants[slug];
    const owner = await checkTenantSession(owners[slug], tenant.id);
    if (!owner.ok) throw new Error("owner session refused");
    await runAsTenant(tenant.id, () => inviteMember({ user: owner.user, db: tenantDb(), request: info }, { email, role: "staff" }, "http://localhost:3000"));
    const body = (await env.admin.query(`SELECT text_body FROM email_outbox WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 1`, [tenant.id])).rows[0]
      .text_body as string;
    const token = /\/invite\/[^/]+\/([A-Za-z0-9_-]+)/.exec(body)![1]!;
    await acceptInvitation({ slug, token, name, password: PASSWORD }, info);
  };

  routes = {
    account: (await import("@/app/api/account/route")) as never,
    password: (await import("@/app/api/account/password/route")) as never,
  };
}, 120_000);

afterAll(async () => {
  await env?.close();
});

interface Sent {
  status: number;
  setCookie: string | null;
  retryAfter: string | null;
  json: { error?: { code: string; field?: string; message: string } } & Record<string, unknown>;
}

async function send(claims: SessionClaims, route: keyof typeof routes, method: string, body?: unknown, ip = info.ip): Promise<Sent> {
  const slug = claims.tid === env.tenants["cabinet-dupont"].id ? "cabinet-dupont" : "maple-dental";
  const request = new NextRequest(`http://${slug}.localhost:3000/api/account`, {
    method,
    headers: {
      host: `${slug}.localhost:3000`,
      origin: `http://${slug}.localhost:3000`,
      cookie: `${cookieName}=${await encode(claims)}`,
      "content-type": "application/json",
      "x-forwarded-for": ip,
      "x-request-id": "req-account",
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await routes[route][method]!(request, { params: Promise.resolve({}) });
  const text = await response.text();
  return {
    status: response.status,
    setCookie: response.headers.get("set-cookie"),
    retryAfter: response.headers.get("retry-after"),
    json: text ? JSON.parse(text) : {},
  };
}

async function userRow(email: string) {
  return (await env.admin.query(`SELECT name, password_hash, token_version FROM users WHERE email = $1`, [email])).rows[0] as {
    name: string;
    password_hash: string;
    token_version: number;
  };
}

async function auditRows(action: string, email: string) {
  return (
    await env.admin.query(
      `SELECT a.tenant_id, a.metadata, a.target, a.ip FROM audit_events a JOIN users u ON a.target = 'user:' || u.id WHERE a.action = $1 AND u.email = $2`,
      [action, email],
    )
  ).rows as Array<{ tenant_id: string; metadata: Record<string, unknown>; target: string; ip: string }>;
}

describe("display name", () => {
  const email = "nora@account.test";
  let nora: SessionClaims;

  beforeAll(async () => {
    await addMember("maple-dental", email, "Nora");
    await addMember("cabinet-dupont", email);
    nora = await session(email, PASSWORD, "maple-dental");
  });

  it.each([[{ name: "" }], [{ name: "   " }], [{ name: "x".repeat(121) }], [{}], [{ name: 42 }]])("refuses %j naming the field, nothing written", async (body) => {
    const before = await env.countRows();
    const res = await send(nora, "account", "PATCH", body);
    expect(res.status).toBe(400);
    expect(res.json.error?.field).toBe("name");
    expect(await env.countRows()).toEqual(before);
    expect((await userRow(email)).name).toBe("Nora");
  });

  it("refuses a body that is not JSON", async () => {
    const res = await send(nora, "account", "PATCH", "not json");
    expect(res.status).toBe(400);
  });

  it("saves the trimmed name, audited in each of the member's workspaces", async () => {
    const res = await send(nora, "account", "PATCH", { name: "  Nora North  " });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ name: "Nora North" });
    expect((await userRow(email)).name).toBe("Nora North");
    const rows = await auditRows("account.name_changed", email);
    expect(rows.map((r) => r.tenant_id).sort()).toEqual([env.tenants["maple-dental"].id, env.tenants["cabinet-dupont"].id].sort());
    expect(rows[0]!.metadata).toEqual({ from: "Nora", to: "Nora North" });
    expect(rows[0]!.ip).toBe(info.ip);
    // The session carries on; the page reads the name from the database.
    expect(await check(nora, env.tenants["maple-dental"].id)).toEqual({ ok: true });
  });

  it("an unchanged name writes nothing", async () => {
    const before = await env.countRows();
    expect((await send(nora, "account", "PATCH", { name: "Nora North" })).status).toBe(200);
    expect(await env.countRows()).toEqual(before);
  });

  it("needs a session", async () => {
    const request = new NextRequest("http://maple-dental.localhost:3000/api/account", {
      method: "PATCH",
      headers: { host: "maple-dental.localhost:3000", "content-type": "application/json" },
      body: JSON.stringify({ name: "Anyone" }),
    });
    expect((await routes.account.PATCH!(request, { params: Promise.resolve({}) })).status).toBe(401);
  });
});

describe("password change", () => {
  const email = "paul@account.test";
  let here: SessionClaims;
  let elsewhere: SessionClaims;
  let inDupont: SessionClaims;
  const maple = () => env.tenants["maple-dental"].id;

  beforeAll(async () => {
    await addMember("maple-dental", email, "Paul");
    await addMember("cabinet-dupont", email);
    here = await session(email, PASSWORD, "maple-dental");
    elsewhere = await session(email, PASSWORD, "maple-dental");
    inDupont = await session(email, PASSWORD, "cabinet-dupont");
  });

  async function expectNothingChanged(before: Awaited<ReturnType<typeof userRow>>) {
    expect(await userRow(email)).toEqual(before);
    expect(await check(here, maple())).toEqual({ ok: true });
    expect(await check(elsewhere, maple())).toEqual({ ok: true });
  }

  it("a wrong current password is a 400 naming currentPassword, and changes nothing", async () => {
    const before = await userRow(email);
    const res = await send(here, "password", "POST", { currentPassword: "not my password", newPassword: NEW_PASSWORD });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "bad_request", field: "currentPassword" });
    expect(res.setCookie).toBeNull();
    await expectNothingChanged(before);
    expect(await verify(email, PASSWORD)).toBe("ok");
    const failed = await auditRows("account.password_change_failed", email);
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed)).not.toContain("not my password");
  });

  it.each([
    [{ currentPassword: PASSWORD, newPassword: "short" }, "newPassword"],
    [{ currentPassword: PASSWORD, newPassword: "password1234" }, "newPassword"],
    [{ currentPassword: PASSWORD, newPassword: "aaaaaaaaaaaaaaaa" }, "newPassword"],
    [{ currentPassword: PASSWORD, newPassword: "x".repeat(129) }, "newPassword"],
    [{ currentPassword: PASSWORD, newPassword: PASSWORD }, "newPassword"],
    [{ currentPassword: PASSWORD }, "newPassword"],
    [{ newPassword: NEW_PASSWORD }, "currentPassword"],
    [{ currentPassword: "", newPassword: NEW_PASSWORD }, "currentPassword"],
  ])("refuses %j naming %s, nothing changed", async (body, field) => {
    const before = await userRow(email);
    const rows = await env.countRows();
    const res = await send(here, "password", "POST", body);
    expect(res.status).toBe(400);
    expect(res.json.error?.field).toBe(field);
    expect(res.json.error?.message.length).toBeGreaterThan(5);
    expect(await env.countRows()).toEqual(rows);
    await expectNothingChanged(before);
  });

  it("success: new password only, every other session ends, this browser gets a fresh session", async () => {
    const before = await userRow(email);
    const res = await send(here, "password", "POST", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);

    // The old password is refused, the new one accepted.
    expect(await verify(email, PASSWORD)).toBe("invalid_credentials");
    expect(await verify(email, NEW_PASSWORD)).toBe("ok");
    const after = await userRow(email);
    expect(after.token_version).toBe(before.token_version + 1);
    expect(after.password_hash).not.toBe(before.password_hash);

    // Every session that existed ends, in every workspace, this browser's old cookie included.
    expect(await check(elsewhere, maple())).toEqual({ ok: false, reason: "session_ended" });
    expect(await check(inDupont, env.tenants["cabinet-dupont"].id)).toEqual({ ok: false, reason: "session_ended" });
    expect(await check(here, maple())).toEqual({ ok: false, reason: "session_ended" });
    const oldRow = await env.admin.query(`SELECT revoked_at FROM auth_sessions WHERE id = $1`, [here.sid]);
    expect(oldRow.rows[0].revoked_at).not.toBeNull();

    // …and the answer carries this host's cookie for a brand-new session that works.
    expect(res.setCookie).toMatch(new RegExp(`^${cookieName}=[^;]+;.*HttpOnly`, "i"));
    expect(res.setCookie).not.toMatch(/Domain=/i);
    const fresh = (await decode(/^[^=]+=([^;]+)/.exec(res.setCookie!)![1]!))!;
    expect(fresh.sid).not.toBe(here.sid);
    expect(fresh).toMatchObject({ sub: here.sub, tid: maple(), tv: after.token_version });
    expect(await check(fresh, maple())).toEqual({ ok: true });
    expect((await send(fresh, "account", "PATCH", { name: "Paul Again" })).status).toBe(200);
    // The old cookie cannot be used to try again.
    expect((await send(here, "password", "POST", { currentPassword: NEW_PASSWORD, newPassword: "yet another passphrase" })).status).toBe(401);

    // Audited in both workspaces, without a secret anywhere in the rows.
    const rows = await auditRows("account.password_changed", email);
    expect(rows.map((r) => r.tenant_id).sort()).toEqual([maple(), env.tenants["cabinet-dupont"].id].sort());
    const text = JSON.stringify(rows);
    for (const secret of [PASSWORD, NEW_PASSWORD, after.password_hash, before.password_hash]) expect(text).not.toContain(secret);
  });

  it("wrong current passwords are throttled like sign-in, and lock sign-in too", async () => {
    const victim = "tess@account.test";
    await addMember("maple-dental", victim, "Tess");
    const tess = await session(victim, PASSWORD, "maple-dental");
    const ip = "192.0.2.44";
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await send(tess, "password", "POST", { currentPassword: `wrong guess ${i}`, newPassword: NEW_PASSWORD }, ip)).status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    const locked = await send(tess, "password", "POST", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, ip);
    expect(locked.status).toBe(429);
    expect(locked.json.error).toMatchObject({ code: "rate_limited", field: "currentPassword" });
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect(await verify(victim, PASSWORD)).toBe("locked");
    expect(await verify(victim, NEW_PASSWORD)).toBe("locked");
    expect((await userRow(victim)).token_version).toBe(0);
  });
});
