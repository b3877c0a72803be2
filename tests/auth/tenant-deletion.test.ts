import { readDeletionNotice, signDeletionNotice } from "@/lib/auth/deletion-notice";
import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableName, tenantOwnedModels } from "@/lib/db/data-model";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { insertTenant, readCatalog, seedTenantRows, type Catalog } from "../support/tenant-fixtures";

/*
 * An owner deletes their workspace through the real route handler (session
 * cookie, tenant host, role check, zod, the tenant_delete SQL function as
 * frontdesk_app). The doomed tenant has one row in every tenant-owned table
 * (generated from the catalog, so a table added later is covered), as does a
 * bystander tenant whose rows must come out byte for byte the same.
 */

const DOOMED = "doomed-works";
const BYSTANDER = "bystander-co";
const PASSWORD = "a long enough passphrase";
const info = { ip: "198.51.100.23", requestId: "req-deletion", userAgent: "vitest" };
const ROLES = ["owner", "admin", "staff", "viewer"] as const;
type Who = (typeof ROLES)[number];

let db: TestDatabase;
let admin: pg.Client;
let catalog: Catalog;
let doomedId: string;
let bystanderId: string;
const userIds = {} as Record<Who, string>;
const claims = {} as Record<Who, import("@/lib/auth/session-token").SessionClaims>;
const cookies = {} as Record<Who, string>;
let ownerBystanderCookie: string;
let cookieName: string;
let route: { DELETE: (request: NextRequest, ctx: { params: Promise<Record<string, never>> }) => Promise<Response> };

beforeAll(async () => {
  db = await createTestDatabase("deletion");
  Object.assign(process.env, { DATABASE_URL: db.adminUrl, APP_DATABASE_URL: db.appUrl, DATABASE_POOL_SIZE: "4" });
  // The PostgreSQL throttle, so its counters can be read and cleared here.
  delete process.env.REDIS_URL;
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  catalog = await readCatalog(admin);
  doomedId = await insertTenant(admin, DOOMED);
  bystanderId = await insertTenant(admin, BYSTANDER);
  await seedTenantRows(admin, catalog, doomedId, "d");
  await seedTenantRows(admin, catalog, bystanderId, "b");

  const { hashPassword } = await import("@/lib/auth/password-hash");
  const hash = await hashPassword(PASSWORD);
  for (const role of ROLES) {
    const user = await admin.query<{ id: string }>(
      `INSERT INTO users (email, name, password_hash, updated_at) VALUES ($1, $2, $3, now()) RETURNING id`,
      [`${role}@${DOOMED}.test`, `${role} person`, hash],
    );
    userIds[role] = user.rows[0]!.id;
    await admin.query(`INSERT INTO memberships (tenant_id, user_id, role, updated_at) VALUES ($1, $2, $3, now())`, [doomedId, userIds[role], role]);
  }
  // The owner also works in the bystander tenant, which must keep them.
  await admin.query(`INSERT INTO memberships (tenant_id, user_id, role, updated_at) VALUES ($1, $2, 'admin', now())`, [bystanderId, userIds.owner]);

  const { signInWithPassword } = await import("@/lib/auth/sign-in");
  const { handoffUrl, redeemHandoff } = await import("@/lib/auth/session-handoff");
  const { encodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
  cookieName = sessionCookieName();
  const apexHeaders = new Headers({ host: "localhost:3000" });
  async function enter(sessionId: string, tenantId: string, slug: string) {
    const url = await handoffUrl({ sessionId, tenantId, slug, headers: apexHeaders });
    return (await redeemHandoff(new URL(url!).searchParams.get("ticket")!, tenantId))!.claims;
  }
  for (const role of ROLES) {
    const apex = await signInWithPassword({ email: `${role}@${DOOMED}.test`, password: PASSWORD }, info);
    // The owner's session visits the bystander first, so its active tenant is the doomed one.
    if (role === "owner") ownerBystanderCookie = await encodeSessionToken(await enter(apex.sid, bystanderId, BYSTANDER));
    claims[role] = await enter(apex.sid, doomedId, DOOMED);
    cookies[role] = await encodeSessionToken(claims[role]);
  }
  // A hand-off ticket still in flight towards the doomed tenant must not block or outlive it.
  await handoffUrl({ sessionId: claims.viewer.sid, tenantId: doomedId, slug: DOOMED, headers: apexHeaders });

  route = (await import("@/app/api/workspace/route")) as never;
}, 120_000);

afterAll(async () => {
  const { tenantDb } = await import("@/lib/db");
  await tenantDb().$disconnect();
  await tenantDb().pool.end();
  await admin?.end();
  await db?.drop();
});

async function send(cookie: string, body: unknown, slug = DOOMED) {
  const request = new NextRequest(`http://${slug}.localhost:3000/api/workspace`, {
    method: "DELETE",
    headers: {
      host: `${slug}.localhost:3000`,
      origin: `http://${slug}.localhost:3000`,
      cookie: `${cookieName}=${cookie}`,
      "content-type": "application/json",
      "x-request-id": info.requestId,
      "x-forwarded-for": info.ip,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await route.DELETE(request, { params: Promise.resolve({}) });
  const text = await response.text();
  return {
    status: response.status,
    setCookie: response.headers.get("set-cookie"),
    json: (text ? JSON.parse(text) : {}) as { error?: { code: string; field?: string; message: string }; redirectTo?: string; deleted?: string },
  };
}

/** Rows of every tenant-owned model for one tenant, as the data model lists them. */
async function rowsPerModel(tenantId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const model of tenantOwnedModels()) {
    const res = await admin.query(`SELECT count(*)::int AS n FROM "${tableName(model)}" WHERE tenant_id = $1`, [tenantId]);
    out[model] = res.rows[0].n;
  }
  return out;
}

/** Every row of every tenant-owned table that is not the doomed tenant's, in a stable order. */
async function everyoneElsesRows(): Promise<string> {
  const parts: string[] = [];
  for (const model of tenantOwnedModels()) {
    const res = await admin.query(`SELECT to_jsonb(t) AS j FROM "${tableName(model)}" t WHERE tenant_id <> $1 ORDER BY tenant_id, id`, [doomedId]);
    parts.push(`${model}:${JSON.stringify(res.rows)}`);
  }
  return parts.join("\n");
}

const tenantExists = async (id: string) => (await admin.query(`SELECT 1 FROM tenants WHERE id = $1`, [id])).rowCount === 1;

it("covers every tenant-owned table, and the doomed tenant starts with rows in each", async () => {
  expect(tenantOwnedModels().map(tableName).sort()).toEqual(catalog.tenantTables);
  const counts = await rowsPerModel(doomedId);
  expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
});

describe("the notice on the apex", () => {
  it("is signed and expires, so nobody can link to a fake deletion", () => {
    const token = signDeletionNotice("cabinet-dupont", Date.UTC(2030, 0, 1));
    expect(readDeletionNotice(token, Date.UTC(2030, 0, 1, 0, 9))).toBe("cabinet-dupont");
    expect(readDeletionNotice(token, Date.UTC(2030, 0, 1, 0, 11))).toBeNull();
    expect(readDeletionNotice(token.replace("cabinet-dupont", "salon-amel"), Date.UTC(2030, 0, 1))).toBeNull();
    expect(readDeletionNotice("cabinet-dupont")).toBeNull();
    expect(readDeletionNotice(undefined)).toBeNull();
  });
});

describe("refusals: nothing is deleted", () => {
  it.each(["admin", "staff", "viewer"] as const)("%s gets 403", async (who) => {
    const before = await rowsPerModel(doomedId);
    const res = await send(cookies[who], { slug: DOOMED, password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe("forbidden");
    expect(await tenantExists(doomedId)).toBe(true);
    expect(await rowsPerModel(doomedId)).toEqual(before);
  });

  it.each([
    [{ slug: "doomed-work", password: PASSWORD }, "slug"],
    [{ slug: BYSTANDER, password: PASSWORD }, "slug"],
    [{ slug: "", password: PASSWORD }, "slug"],
    [{ password: PASSWORD }, "slug"],
    [{ slug: DOOMED, password: "" }, "password"],
    [{ slug: DOOMED }, "password"],
  ])("owner sending %j gets 400 naming %s", async (body, field) => {
    const before = await rowsPerModel(doomedId);
    const res = await send(cookies.owner, body);
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.json.error).toMatchObject({ code: "bad_request", field });
    expect(await rowsPerModel(doomedId)).toEqual(before);
  });

  it("a wrong password is a 400 naming password, audited and counted by the sign-in throttle", async () => {
    const before = await rowsPerModel(doomedId);
    const res = await send(cookies.owner, { slug: ` ${DOOMED.toUpperCase()} `, password: "not the password at all" });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "bad_request", field: "password" });
    expect(await tenantExists(doomedId)).toBe(true);
    const after = await rowsPerModel(doomedId);
    expect(after).toEqual({ ...before, AuditEvent: before.AuditEvent! + 1 });
    const audit = await admin.query(`SELECT actor_user_id, metadata FROM audit_events WHERE tenant_id = $1 AND action = 'tenant.delete_refused'`, [doomedId]);
    expect(audit.rows).toEqual([{ actor_user_id: userIds.owner, metadata: { reason: "wrong_password" } }]);
    const throttle = await admin.query(`SELECT count(*)::int AS n FROM login_throttles WHERE failures >= 1`);
    expect(throttle.rows[0].n).toBe(2); // the email and the client IP
  });

  it("repeated wrong passwords lock like sign-in does (429), and the lock holds even for the right one", async () => {
    for (let i = 0; i < 3; i++) expect((await send(cookies.owner, { slug: DOOMED, password: `wrong ${i}` })).status).toBe(400);
    const locking = await send(cookies.owner, { slug: DOOMED, password: "wrong again" });
    expect(locking.status).toBe(429);
    expect(locking.json.error).toMatchObject({ code: "rate_limited", field: "password" });
    const right = await send(cookies.owner, { slug: DOOMED, password: PASSWORD });
    expect(right.status).toBe(429);
    expect(await tenantExists(doomedId)).toBe(true);
    await admin.query(`DELETE FROM login_throttles`);
  });
});

describe("tenant_delete called directly as frontdesk_app", () => {
  /** One call in its own transaction, rolled back whatever it did. */
  async function callAsApp(scope: string, sessionId: string, tenantId: string, slug: string) {
    const c = new pg.Client({ connectionString: db.appUrl });
    await c.connect();
    try {
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.tenant_id', $1, true)", [scope]);
      const res = await c.query(`SELECT * FROM tenant_delete($1::uuid, $2::uuid, $3, NULL, NULL)`, [sessionId, tenantId, slug]);
      return res.rows[0] as { outcome: string };
    } finally {
      await c.query("ROLLBACK").catch(() => undefined);
      await c.end();
    }
  }

  it("refuses a live session whose user is not an owner, a dead or unknown session, and a wrong slug", async () => {
    for (const who of ["admin", "staff", "viewer"] as const) {
      expect((await callAsApp(doomedId, claims[who].sid, doomedId, DOOMED)).outcome, who).toBe("not_owner");
    }
    expect((await callAsApp(doomedId, "00000000-0000-4000-8000-000000000000", doomedId, DOOMED)).outcome).toBe("not_owner");
    // The owner of the doomed tenant is only an admin of the bystander.
    expect((await callAsApp(bystanderId, claims.owner.sid, bystanderId, BYSTANDER)).outcome).toBe("not_owner");
    expect((await callAsApp(doomedId, claims.owner.sid, doomedId, BYSTANDER)).outcome).toBe("slug_mismatch");
    expect(await tenantExists(doomedId)).toBe(true);
    expect(await tenantExists(bystanderId)).toBe(true);
  });

  it("refuses to delete any tenant but the one the request is scoped to", async () => {
    const error = await callAsApp(bystanderId, claims.owner.sid, doomedId, DOOMED).catch((e: { code?: string }) => e);
    expect((error as { code?: string }).code).toBe("42501");
    expect(await tenantExists(doomedId)).toBe(true);
  });

  it("is the only way: the app role cannot delete from tenants itself", async () => {
    const c = new pg.Client({ connectionString: db.appUrl });
    await c.connect();
    try {
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.tenant_id', $1, true)", [doomedId]);
      const error = await c.query(`DELETE FROM tenants WHERE id = $1`, [doomedId]).catch((e: { code?: string }) => e);
      expect((error as { code?: string }).code).toBe("42501");
    } finally {
      await c.query("ROLLBACK").catch(() => undefined);
      await c.end();
    }
    expect(await tenantExists(doomedId)).toBe(true);
  });
});

describe("the owner deletes the workspace", () => {
  let others: string;
  let response: Awaited<ReturnType<typeof send>>;

  beforeAll(async () => {
    // Cancelled first: a business that has left is the one most likely to
    // delete, and everything but billing and deletion is closed to it then.
    await admin.query(`UPDATE tenants SET status = 'cancelled' WHERE id = $1`, [doomedId]);
    const { resolveTenantUser } = await import("@/lib/auth/tenant-user");
    expect((await resolveTenantUser(`${DOOMED}.localhost:3000`, cookies.owner, "settings.manage")).kind).toBe("inactive");
    others = await everyoneElsesRows();
    response = await send(cookies.owner, { slug: DOOMED, password: PASSWORD });
  });

  it("answers with the apex landing page and clears this host's cookie", () => {
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    expect(response.json.deleted).toBe(DOOMED);
    const landing = new URL(response.json.redirectTo!);
    expect(landing.origin).toBe("http://localhost:3000");
    expect(landing.pathname).toBe("/sign-in");
    expect(readDeletionNotice(landing.searchParams.get("deleted") ?? undefined)).toBe(DOOMED);
    expect(landing.searchParams.get("lang")).toBe("fr");
    expect(response.setCookie).toMatch(new RegExp(`^${cookieName.replace(/[.]/g, "\\.")}=;.*Max-Age=0`, "i"));
  });

  it("leaves zero rows of the tenant in every tenant-owned model, and every other tenant's rows intact", async () => {
    expect(await tenantExists(doomedId)).toBe(false);
    const counts = await rowsPerModel(doomedId);
    expect(Object.entries(counts).filter(([, n]) => n !== 0)).toEqual([]);
    expect(await everyoneElsesRows()).toBe(others);
    expect(await tenantExists(bystanderId)).toBe(true);
  });

  it("writes a durable platform audit record naming the tenant, its slug and the owner", async () => {
    const res = await admin.query(`SELECT actor_user_id, target, metadata, ip, request_id FROM platform_audit_events WHERE action = 'tenant.deleted'`);
    expect(res.rows).toHaveLength(1);
    expect(res.rows[0]).toMatchObject({
      actor_user_id: userIds.owner,
      target: `tenant:${doomedId}`,
      ip: info.ip,
      request_id: info.requestId,
      metadata: { tenantId: doomedId, slug: DOOMED, actorEmail: `owner@${DOOMED}.test`, actorRole: "owner", members: 5 },
    });
  });

  it("sessions that were in the tenant no longer resolve there; hand-offs to it are gone; accounts stay", async () => {
    const { checkTenantSession } = await import("@/lib/auth/tenant-session");
    const { resolveTenantUser } = await import("@/lib/auth/tenant-user");
    for (const who of ROLES) {
      expect(await checkTenantSession(claims[who], doomedId), who).toEqual({ ok: false, reason: "not_member" });
      expect((await resolveTenantUser(`${DOOMED}.localhost:3000`, cookies[who], "dashboard.view")).kind, who).toBe("not_found");
    }
    expect((await send(cookies.admin, { slug: DOOMED, password: PASSWORD })).status).toBe(404);
    const handoffs = await admin.query(`SELECT count(*)::int AS n FROM auth_handoffs WHERE target_tenant_id = $1`, [doomedId]);
    expect(handoffs.rows[0].n).toBe(0);
    const session = await admin.query(`SELECT active_tenant_id, revoked_at FROM auth_sessions WHERE id = $1`, [claims.owner.sid]);
    expect(session.rows[0]).toEqual({ active_tenant_id: null, revoked_at: null });
    const users = await admin.query(`SELECT count(*)::int AS n FROM users WHERE id = ANY($1::uuid[])`, [Object.values(userIds)]);
    expect(users.rows[0].n).toBe(4);
  });

  it("the owner's other workspace still works with the same session", async () => {
    const { resolveTenantUser } = await import("@/lib/auth/tenant-user");
    const resolved = await resolveTenantUser(`${BYSTANDER}.localhost:3000`, ownerBystanderCookie, "dashboard.view");
    expect(resolved.kind).toBe("ok");
  });

  it("the slug is free for a new sign-up", async () => {
    const { signUp, signUpSchema } = await import("@/lib/auth");
    const input = signUpSchema.parse({
      businessName: "Doomed Works Reborn",
      slug: DOOMED,
      region: "FR",
      timezone: "Europe/Paris",
      language: "fr",
      name: "New Owner",
      email: "new-owner@example.test",
      password: PASSWORD,
    });
    const created = await signUp(input, info);
    expect(created.slug).toBe(DOOMED);
    expect(created.tenantId).not.toBe(doomedId);
  });
});
