import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS, ROLES, can } from "@/lib/auth/permissions";
import { createTenantWithOwner } from "@/lib/auth/identity-store";
import { hashPassword } from "@/lib/auth/password-hash";
import { createPostgresThrottle, createRedisThrottle, signInThrottleKeys, type LoginThrottle, type ThrottlePolicy } from "@/lib/auth/login-throttle";
import { SignInError, signInWithPassword, verifyCredentials } from "@/lib/auth/sign-in";
import { signUp, signUpSchema } from "@/lib/auth/sign-up";
import { acceptInvitation, changeMemberRole, inviteMember, removeMember, revokeInvitation, transferOwnership } from "@/lib/auth/team";
import { checkTenantSession, type TenantUser } from "@/lib/auth/tenant-session";
import { resolveTenantUser } from "@/lib/auth/tenant-user";
import { encodeSessionToken, type SessionClaims } from "@/lib/auth/session-token";
import { handoffUrl, redeemHandoff } from "@/lib/auth/session-handoff";
import { ApiError } from "@/lib/http";
import { tenantDb } from "@/lib/db";
import { runAsTenant } from "@/lib/tenancy";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/*
 * Identity against a real, freshly migrated database, through the same
 * process-wide clients the app uses (DATABASE_URL points at the test
 * database, so they connect as frontdesk_app and row-level security applies).
 */

let db: TestDatabase;
let admin: pg.Client;
const info = { ip: "203.0.113.7", requestId: "req-test", userAgent: "vitest" };
const PASSWORD = "a long enough passphrase";

beforeAll(async () => {
  db = await createTestDatabase("identity");
  process.env.DATABASE_URL = db.adminUrl;
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
});

afterAll(async () => {
  await tenantDb().$disconnect();
  await tenantDb().pool.end();
  await admin?.end();
  await db?.drop();
});

async function createTenant(slug: string, email = `owner@${slug}.test`) {
  const input = signUpSchema.parse({
    businessName: `Biz ${slug}`,
    slug,
    region: "FR",
    timezone: "Europe/Paris",
    language: "fr",
    name: "Owner",
    email,
    password: PASSWORD,
  });
  return signUp(input, info);
}

/** Signs in and carries the session to the tenant host, as the browser does. */
async function sessionFor(email: string, tenantId: string, slug: string, password = PASSWORD): Promise<SessionClaims> {
  const apex = await signInWithPassword({ email, password }, info);
  const url = await handoffUrl({ sessionId: apex.sid, tenantId, slug, headers: new Headers({ host: "localhost:3000" }) });
  expect(url).toMatch(new RegExp(`^http://${slug}\\.localhost:3000/api/auth/handoff\\?ticket=`));
  const ticket = new URL(url!).searchParams.get("ticket")!;
  const redeemed = await redeemHandoff(ticket, tenantId);
  expect(redeemed).not.toBeNull();
  // Single use.
  expect(await redeemHandoff(ticket, tenantId)).toBeNull();
  return redeemed!.claims;
}

async function ctxFor(claims: SessionClaims, tenantId: string) {
  const check = await checkTenantSession(claims, tenantId);
  if (!check.ok) throw new Error(`no session: ${check.reason}`);
  return { user: check.user as TenantUser, db: tenantDb(), request: info };
}

async function expectApiError(p: Promise<unknown>, code: string, field?: string) {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  if (field) expect((error as ApiError).field).toBe(field);
}

describe("sign-up", () => {
  it("creates a trial tenant with its owner, default profile and hours", async () => {
    const created = await createTenant("first-biz", "  First@Biz.TEST ");
    const t = await admin.query(`SELECT status, trial_ends_at, plan FROM tenants WHERE id = $1`, [created.tenantId]);
    expect(t.rows[0].status).toBe("trial");
    expect(t.rows[0].trial_ends_at.getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600 * 1000);
    const u = await admin.query(`SELECT email FROM users WHERE id = $1`, [created.userId]);
    expect(u.rows[0].email).toBe("first@biz.test");
    const m = await admin.query(`SELECT role FROM memberships WHERE tenant_id = $1`, [created.tenantId]);
    expect(m.rows).toEqual([{ role: "owner" }]);
    const counts = await admin.query(
      `SELECT (SELECT count(*) FROM business_profiles WHERE tenant_id = $1)::int AS p,
              (SELECT count(*) FROM opening_hours WHERE tenant_id = $1)::int AS h,
              (SELECT count(*) FROM audit_events WHERE tenant_id = $1 AND action = 'tenant.created')::int AS a`,
      [created.tenantId],
    );
    expect(counts.rows[0]).toEqual({ p: 1, h: 10, a: 1 });
  });

  it("refuses a taken email or slug naming the field, and writes nothing", async () => {
    const before = await admin.query(`SELECT (SELECT count(*) FROM tenants)::int AS t, (SELECT count(*) FROM users)::int AS u`);
    await expectApiError(createTenant("other-biz", "first@biz.test"), "conflict", "email");
    await expectApiError(createTenant("first-biz", "new@biz.test"), "conflict", "slug");
    const after = await admin.query(`SELECT (SELECT count(*) FROM tenants)::int AS t, (SELECT count(*) FROM users)::int AS u`);
    expect(after.rows[0]).toEqual(before.rows[0]);
  });

  it("validates every field with a message naming it", () => {
    const bad = signUpSchema.safeParse({ businessName: "B", slug: "Bad Slug", region: "XX", timezone: "Mars/Base", language: "de", name: "", email: "nope", password: "short" });
    expect(bad.success).toBe(false);
    const fields = new Set(bad.error!.issues.map((i) => i.path[0]));
    for (const f of ["businessName", "slug", "region", "timezone", "language", "name", "email", "password"]) expect(fields).toContain(f);
    expect(signUpSchema.safeParse({ businessName: "Ok biz", slug: "admin", region: "FR", timezone: "Europe/Paris", language: "fr", name: "A", email: "a@b.co", password: PASSWORD }).success).toBe(false);
  });
});

describe("sign-in and the per-request session check", () => {
  it("gives the same error for an unknown email and a wrong password", async () => {
    const unknown = await verifyCredentials({ email: "ghost@nowhere.test", password: PASSWORD }, { ...info, ip: "198.51.100.1" }).catch((e) => e);
    const wrong = await verifyCredentials({ email: "first@biz.test", password: "wrong password!" }, { ...info, ip: "198.51.100.1" }).catch((e) => e);
    expect(unknown).toBeInstanceOf(SignInError);
    expect(wrong).toBeInstanceOf(SignInError);
    expect(unknown.code).toBe("invalid_credentials");
    expect(wrong.code).toBe("invalid_credentials");
    const audit = await admin.query(`SELECT action FROM audit_events WHERE action = 'auth.sign_in_failed'`);
    expect(audit.rowCount).toBe(1);
    const platform = await admin.query(`SELECT target FROM platform_audit_events WHERE action = 'auth.sign_in_failed'`);
    expect(platform.rows).toEqual([{ target: "email:ghost@nowhere.test" }]);
  });

  it("a password change, role change and removal apply at the next request", async () => {
    const t = await createTenant("versioned");
    const claims = await sessionFor("owner@versioned.test", t.tenantId, "versioned");
    const owner = await ctxFor(claims, t.tenantId);

    // A second member whose role and membership change under a live session.
    const inv = await runAsTenant(t.tenantId, () => inviteMember(owner, { email: "sam@versioned.test", role: "staff" }, "http://localhost:3000"));
    const token = await latestInvitationToken(t.tenantId);
    await acceptInvitation({ slug: "versioned", token, name: "Sam", password: PASSWORD }, info);
    const sam = await sessionFor("sam@versioned.test", t.tenantId, "versioned");
    expect(inv.role).toBe("staff");

    let check = await checkTenantSession(sam, t.tenantId);
    expect(check.ok && check.user.role).toBe("staff");
    expect(check.ok && check.stale).toBe(false);

    const samMembership = (await admin.query(`SELECT id FROM memberships WHERE tenant_id = $1 AND role = 'staff'`, [t.tenantId])).rows[0].id;
    await runAsTenant(t.tenantId, () => changeMemberRole(owner, samMembership, "viewer"));
    check = await checkTenantSession(sam, t.tenantId);
    expect(check.ok && check.user.role).toBe("viewer");
    expect(check.ok && check.stale).toBe(true);
    const resolved = await resolveTenantUser("versioned.localhost:3000", await encodeSessionToken(sam), "clients.manage");
    expect(resolved.kind).toBe("forbidden");

    await runAsTenant(t.tenantId, () => removeMember(owner, samMembership));
    expect(await checkTenantSession(sam, t.tenantId)).toEqual({ ok: false, reason: "not_member" });
    const audit = await admin.query(`SELECT action FROM audit_events WHERE tenant_id = $1 AND action LIKE 'member.%' ORDER BY created_at`, [t.tenantId]);
    expect(audit.rows.map((r) => r.action)).toEqual(["member.role_changed", "member.removed"]);

    // Password change: token version bump ends the session everywhere.
    expect((await checkTenantSession(claims, t.tenantId)).ok).toBe(true);
    await admin.query(`UPDATE users SET token_version = token_version + 1 WHERE email = 'owner@versioned.test'`);
    expect(await checkTenantSession(claims, t.tenantId)).toEqual({ ok: false, reason: "session_ended" });
  });

  it("the last owner cannot be demoted or removed", async () => {
    const t = await createTenant("lonely");
    const owner = await ctxFor(await sessionFor("owner@lonely.test", t.tenantId, "lonely"), t.tenantId);
    const id = (await admin.query(`SELECT id FROM memberships WHERE tenant_id = $1`, [t.tenantId])).rows[0].id;
    await expectApiError(runAsTenant(t.tenantId, () => changeMemberRole(owner, id, "admin")), "conflict", "role");
    await expectApiError(runAsTenant(t.tenantId, () => removeMember(owner, id)), "conflict", "role");
  });

  it("ownership moves to another member in one step; the old owner stays as admin", async () => {
    const t = await createTenant("handover");
    const claims = await sessionFor("owner@handover.test", t.tenantId, "handover");
    const owner = await ctxFor(claims, t.tenantId);
    await runAsTenant(t.tenantId, () => inviteMember(owner, { email: "ada@handover.test", role: "admin" }, "http://localhost:3000"));
    await acceptInvitation({ slug: "handover", token: await latestInvitationToken(t.tenantId), name: "Ada", password: PASSWORD }, info);
    const ada = await ctxFor(await sessionFor("ada@handover.test", t.tenantId, "handover"), t.tenantId);
    const roles = async () =>
      Object.fromEntries(
        (await admin.query(`SELECT u.email, m.role, m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1`, [t.tenantId])).rows.map(
          (r) => [r.email, { role: r.role, id: r.id }],
        ),
      );
    const before = await roles();

    // Only an owner may; nobody can hand it to themselves or to a stranger's id.
    await expectApiError(runAsTenant(t.tenantId, () => transferOwnership(ada, before["owner@handover.test"].id)), "forbidden");
    await expectApiError(runAsTenant(t.tenantId, () => transferOwnership(owner, before["owner@handover.test"].id)), "bad_request", "membershipId");
    await expectApiError(runAsTenant(t.tenantId, () => transferOwnership(owner, "00000000-0000-4000-8000-000000000000")), "not_found", "membershipId");
    expect(await roles()).toEqual(before);

    await runAsTenant(t.tenantId, () => transferOwnership(owner, before["ada@handover.test"].id));
    const after = await roles();
    expect(after["ada@handover.test"].role).toBe("owner");
    expect(after["owner@handover.test"].role).toBe("admin");
    // Applies at the previous owner's next request.
    const check = await checkTenantSession(claims, t.tenantId);
    expect(check.ok && check.user.role).toBe("admin");
    const audit = await admin.query(`SELECT action, target FROM audit_events WHERE tenant_id = $1 AND action = 'ownership.transferred'`, [t.tenantId]);
    expect(audit.rows).toHaveLength(1);
  });

  it("a slug cached for a tenant deleted elsewhere resolves to the tenant that took it since", async () => {
    const first = await createTenant("reused", "first@reused.test");
    const firstOwner = await sessionFor("first@reused.test", first.tenantId, "reused");
    expect((await resolveTenantUser("reused.localhost:3000", await encodeSessionToken(firstOwner), "dashboard.view")).kind).toBe("ok");
    // Deleted behind this process's back (another instance), so its slug cache still holds the old id.
    await admin.query(`DELETE FROM tenants WHERE id = $1`, [first.tenantId]);
    // Signed up again on that other instance too: this process is not told.
    const second = await createTenantWithOwner({
      email: "second@reused.test",
      userName: "Second",
      passwordHash: await hashPassword(PASSWORD),
      slug: "reused",
      tenantName: "Reused",
      region: "FR",
      timezone: "Europe/Paris",
      locale: "fr",
      trialEndsAt: new Date(Date.now() + 86_400_000),
    });
    if (second.outcome !== "ok") throw new Error(`sign-up refused: ${second.outcome}`);
    const secondOwner = await sessionFor("second@reused.test", second.tenantId, "reused");
    const resolved = await resolveTenantUser("reused.localhost:3000", await encodeSessionToken(secondOwner), "dashboard.view");
    expect(resolved.kind).toBe("ok");
    expect(resolved.kind === "ok" && resolved.user.tenantId).toBe(second.tenantId);
    // The first owner's old cookie names a tenant that is gone.
    expect((await resolveTenantUser("reused.localhost:3000", await encodeSessionToken(firstOwner), "dashboard.view")).kind).not.toBe("ok");
  });

  it("role × action through the wrapper's resolution, against real memberships", async () => {
    const t = await createTenant("matrix");
    const owner = await ctxFor(await sessionFor("owner@matrix.test", t.tenantId, "matrix"), t.tenantId);
    const cookies: Record<string, string> = { owner: await encodeSessionToken(await sessionFor("owner@matrix.test", t.tenantId, "matrix")) };
    for (const role of ["admin", "staff", "viewer"] as const) {
      const email = `${role}@matrix.test`;
      await runAsTenant(t.tenantId, () => inviteMember(owner, { email, role }, "http://localhost:3000"));
      await acceptInvitation({ slug: "matrix", token: await latestInvitationToken(t.tenantId), name: role, password: PASSWORD }, info);
      cookies[role] = await encodeSessionToken(await sessionFor(email, t.tenantId, "matrix"));
    }
    for (const role of ROLES) {
      for (const action of ACTIONS) {
        const r = await resolveTenantUser("matrix.localhost:3000", cookies[role], action);
        expect(r.kind, `${role} × ${action}`).toBe(can(role, action) ? "ok" : "forbidden");
      }
    }
    // Another tenant's host: not found, never forbidden.
    await createTenant("elsewhere");
    expect((await resolveTenantUser("elsewhere.localhost:3000", cookies.owner, "dashboard.view")).kind).toBe("not_found");
    expect((await resolveTenantUser("nope.localhost:3000", cookies.owner, "dashboard.view")).kind).toBe("not_found");
    expect((await resolveTenantUser("matrix.localhost:3000", undefined, "dashboard.view")).kind).toBe("unauthenticated");

    // A suspended tenant: read-only, and the owner's billing is left.
    await admin.query(`UPDATE tenants SET status = 'suspended' WHERE id = $1`, [t.tenantId]);
    expect((await resolveTenantUser("matrix.localhost:3000", cookies.owner, "billing.manage")).kind).toBe("ok");
    expect((await resolveTenantUser("matrix.localhost:3000", cookies.owner, "dashboard.view")).kind).toBe("ok");
    expect((await resolveTenantUser("matrix.localhost:3000", cookies.staff, "settings.manage")).kind).toBe("inactive");
    expect((await resolveTenantUser("matrix.localhost:3000", cookies.staff, "appointments.manage")).kind).toBe("inactive");
  });
});

async function latestInvitationToken(tenantId: string): Promise<string> {
  const body = (await admin.query(`SELECT text_body FROM email_outbox WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 1`, [tenantId])).rows[0].text_body as string;
  return /\/invite\/[^/]+\/([A-Za-z0-9_-]+)/.exec(body)![1]!;
}

describe("invitations", () => {
  it("are single-use, expire, can be revoked, and work for existing accounts", async () => {
    const t = await createTenant("inviting");
    const owner = await ctxFor(await sessionFor("owner@inviting.test", t.tenantId, "inviting"), t.tenantId);
    const invite = async (email: string, role: "staff" | "admin" = "staff") => {
      const inv = await runAsTenant(t.tenantId, () => inviteMember(owner, { email, role }, "http://localhost:3000"));
      return { id: inv.id, token: await latestInvitationToken(t.tenantId) };
    };

    const stored = await invite("new@inviting.test");
    const row = (await admin.query(`SELECT token_hash, expires_at FROM invitations WHERE id = $1`, [stored.id])).rows[0];
    expect(row.token_hash).not.toContain(stored.token);
    expect(row.expires_at.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);

    // Bad input names the field and creates nothing.
    await expectApiError(acceptInvitation({ slug: "inviting", token: stored.token, name: "", password: PASSWORD }, info), "bad_request", "name");
    await expectApiError(acceptInvitation({ slug: "inviting", token: stored.token, name: "New", password: "short" }, info), "bad_request", "password");
    expect((await admin.query(`SELECT count(*)::int AS n FROM users WHERE email = 'new@inviting.test'`)).rows[0].n).toBe(0);

    await acceptInvitation({ slug: "inviting", token: stored.token, name: "New", password: PASSWORD }, info);
    await expectApiError(acceptInvitation({ slug: "inviting", token: stored.token, name: "New", password: PASSWORD }, info), "conflict", "token");

    const expired = await invite("late@inviting.test");
    await admin.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
    await expectApiError(acceptInvitation({ slug: "inviting", token: expired.token, name: "Late", password: PASSWORD }, info), "conflict", "token");

    const revoked = await invite("gone@inviting.test");
    await runAsTenant(t.tenantId, () => revokeInvitation(owner, revoked.id));
    await expectApiError(acceptInvitation({ slug: "inviting", token: revoked.token, name: "Gone", password: PASSWORD }, info), "conflict", "token");

    // Wrong tenant or made-up token: 404 either way.
    await expectApiError(acceptInvitation({ slug: "first-biz", token: (await invite("x@inviting.test")).token, name: "X", password: PASSWORD }, info), "not_found");

    // An existing account proves itself with its password, then joins.
    const existing = await invite("first@biz.test", "admin");
    await expectApiError(acceptInvitation({ slug: "inviting", token: existing.token, password: "not my password" }, info), "unauthorized", "password");
    await acceptInvitation({ slug: "inviting", token: existing.token, password: PASSWORD }, info);
    const roles = await admin.query(
      `SELECT t.slug, m.role FROM memberships m JOIN users u ON u.id = m.user_id JOIN tenants t ON t.id = m.tenant_id WHERE u.email = 'first@biz.test' ORDER BY t.slug`,
    );
    expect(roles.rows).toEqual([{ slug: "first-biz", role: "owner" }, { slug: "inviting", role: "admin" }]);

    const audit = await admin.query(`SELECT action FROM audit_events WHERE tenant_id = $1 AND action LIKE 'invitation.%'`, [t.tenantId]);
    const actions = audit.rows.map((r) => r.action);
    expect(actions.filter((a) => a === "invitation.accepted")).toHaveLength(2);
    expect(actions).toContain("invitation.revoked");
    expect(actions).toContain("invitation.sent");
  });
});

describe.each([
  ["PostgreSQL", () => createPostgresThrottle()],
  ["Redis", () => createRedisThrottle(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", `frontdesk:test:${Date.now()}:`)],
] as const)("login throttle (%s)", (_label, make) => {
  const policy: ThrottlePolicy = { maxFailures: 3, windowSeconds: 60, lockSeconds: 1 };
  let throttle: LoginThrottle;
  beforeAll(() => {
    throttle = make();
  });
  afterAll(async () => {
    await throttle.close?.();
  });

  it("locks after N failures, unlocks after the lock window, and audits the lock", async () => {
    const t = await createTenant(`locked-${_label.toLowerCase()}`);
    const email = `owner@locked-${_label.toLowerCase()}.test`;
    const keys = signInThrottleKeys(email, null, { email: policy, ip: policy });
    expect(await throttle.lockedUntil(keys)).toBeNull();
    expect(await throttle.recordFailure(keys)).toEqual([]);
    expect(await throttle.recordFailure(keys)).toEqual([]);
    expect((await throttle.recordFailure(keys)).map((k) => k.key)).toEqual([keys[0]!.key]);
    expect(await throttle.lockedUntil(keys)).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await throttle.lockedUntil(keys)).toBeNull();

    // Through sign-in: the right password is refused while locked.
    const ip = `192.0.2.${_label.length}`;
    const signInKeys = { email: policy, ip: { ...policy, maxFailures: 100 } };
    const attempt = (password: string) =>
      verifyCredentials({ email, password }, { ...info, ip }, wrapped(throttle, signInKeys)).then(
        () => "ok",
        (e: SignInError) => e.code,
      );
    expect(await attempt("wrong password 1")).toBe("invalid_credentials");
    expect(await attempt("wrong password 2")).toBe("invalid_credentials");
    expect(await attempt("wrong password 3")).toBe("locked");
    expect(await attempt(PASSWORD)).toBe("locked");
    const locks = await admin.query(`SELECT ip FROM audit_events WHERE tenant_id = $1 AND action = 'auth.locked'`, [t.tenantId]);
    expect(locks.rows).toEqual([{ ip }]);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await attempt(PASSWORD)).toBe("ok");
  });
});

/** The throttle with test policies in place of the production ones. */
function wrapped(inner: LoginThrottle, policies: { email: ThrottlePolicy; ip: ThrottlePolicy }): LoginThrottle {
  const swap = (keys: Parameters<LoginThrottle["lockedUntil"]>[0]) =>
    keys.map((k) => ({ key: k.key, policy: k.key.startsWith("email:") ? policies.email : policies.ip }));
  return {
    lockedUntil: (keys) => inner.lockedUntil(swap(keys)),
    recordFailure: (keys) => inner.recordFailure(swap(keys)),
    reset: (keys) => inner.reset(swap(keys)),
    unlock: (keys) => inner.unlock(swap(keys)),
  };
}
