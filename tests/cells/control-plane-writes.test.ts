import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionClaims } from "@/lib/auth/session-token";
import { setUpCells, type CellsTestEnv } from "./cells-env";

/*
 * Global rows written from inside a tenant whose data lives on the second
 * server: the account routes write the user on the control plane (where
 * sign-in reads it), the cell's copy of the member's name follows through the
 * directory sync, and a global model touched inside a tenant transaction is
 * refused loudly instead of landing in the cell's copy.
 */

let env: CellsTestEnv;
const info = { ip: "203.0.113.40", requestId: "req-cp-writes", userAgent: "vitest" };
type Handler = (request: NextRequest, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
let routes: Record<"account" | "password", Record<string, Handler>>;
let session: (email: string, password: string) => Promise<SessionClaims>;
let encode: (claims: SessionClaims) => Promise<string>;
let cookieName: string;
let verify: (email: string, password: string) => Promise<string>;

const dupont = () => env.tenants["cabinet-dupont"];

beforeAll(async () => {
  delete process.env.REDIS_URL;
  env = await setUpCells("cpwrites");
  const { signInWithPassword, verifyCredentials } = await import("@/lib/auth/sign-in");
  const { handoffUrl, redeemHandoff } = await import("@/lib/auth/session-handoff");
  const { encodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
  encode = encodeSessionToken;
  cookieName = sessionCookieName();
  verify = (email, password) =>
    verifyCredentials({ email, password }, { ...info, ip: "198.51.100.41" }).then(
      () => "ok",
      (e: { code?: string }) => e.code ?? "error",
    );
  session = async (email, password) => {
    const apex = await signInWithPassword({ email, password }, info);
    const url = await handoffUrl({ sessionId: apex.sid, tenantId: dupont().id, slug: dupont().slug, headers: new Headers({ host: "localhost:3000" }) });
    return (await redeemHandoff(new URL(url!).searchParams.get("ticket")!, dupont().id))!.claims;
  };
  routes = {
    account: (await import("@/app/api/account/route")) as never,
    password: (await import("@/app/api/account/password/route")) as never,
  };
}, 180_000);

afterAll(async () => {
  await env?.close();
});

async function send(claims: SessionClaims, route: keyof typeof routes, method: string, body: unknown): Promise<Response> {
  const host = `${dupont().slug}.localhost:3000`;
  const request = new NextRequest(`http://${host}/api/account`, {
    method,
    headers: {
      host,
      origin: `http://${host}`,
      cookie: `${cookieName}=${await encode(claims)}`,
      "content-type": "application/json",
      "x-forwarded-for": info.ip,
      "x-request-id": info.requestId,
    },
    body: JSON.stringify(body),
  });
  return routes[route][method]!(request, { params: Promise.resolve({}) });
}

describe("a member of a tenant in the second cell changes their own account", () => {
  it("a new name lands on the control plane and reaches the cell's copy; the audit row stays in the cell", async () => {
    const { startDirectorySync } = await import("@/lib/cells");
    const sync = await startDirectorySync();
    try {
      const claims = await session(dupont().ownerEmail, dupont().ownerPassword);
      const res = await send(claims, "account", "PATCH", { name: "Claire Dupont-Renamed" });
      expect(res.status, await res.clone().text()).toBe(200);
      const [cp] = await env.sql<{ name: string }>("controlPlane", "SELECT name FROM users WHERE email = $1", [dupont().ownerEmail]);
      expect(cp!.name).toBe("Claire Dupont-Renamed");
      await vi.waitFor(async () => {
        const [copy] = await env.sql<{ name: string }>("ch", "SELECT name FROM users WHERE email = $1", [dupont().ownerEmail]);
        expect(copy!.name).toBe("Claire Dupont-Renamed");
      }, { timeout: 10_000 });
      const audit = await env.sql("ch", "SELECT id FROM audit_events WHERE tenant_id = $1 AND action = 'account.name_changed'", [dupont().id]);
      expect(audit).toHaveLength(1);
      await sync.settled();
    } finally {
      await sync.stop();
    }
  });

  it("a new password is the one sign-in accepts, and the cell's copy holds no hash", async () => {
    const next = "a brand new cellular passphrase";
    const claims = await session(dupont().ownerEmail, dupont().ownerPassword);
    const res = await send(claims, "password", "POST", { currentPassword: dupont().ownerPassword, newPassword: next });
    expect(res.status, await res.clone().text()).toBe(204);
    expect(await verify(dupont().ownerEmail, next)).toBe("ok");
    expect(await verify(dupont().ownerEmail, dupont().ownerPassword)).not.toBe("ok");
    const [copy] = await env.sql<{ password_hash: string | null; token_version: number }>("ch", "SELECT password_hash, token_version FROM users WHERE email = $1", [dupont().ownerEmail]);
    expect(copy!.password_hash).toBeNull();
    expect(await env.sql("ch", "SELECT id FROM audit_events WHERE tenant_id = $1 AND action = 'account.password_changed'", [dupont().id])).toHaveLength(1);
    // Put the seed's password back for the other tests.
    const again = await session(dupont().ownerEmail, next);
    expect((await send(again, "password", "POST", { currentPassword: next, newPassword: dupont().ownerPassword })).status).toBe(204);
  });
});

describe("the guard on global models inside a tenant transaction", () => {
  it("refuses a user write (and read) through a tenant transaction, in either cell, and writes nothing", async () => {
    const { runAsTenant } = await import("@/lib/tenancy");
    const { tenantDb } = await import("@/lib/db");
    const [member] = await env.sql<{ user_id: string }>("controlPlane", "SELECT user_id FROM memberships WHERE tenant_id = $1 LIMIT 1", [dupont().id]);
    for (const t of [dupont(), env.tenants["maple-dental"]]) {
      await expect(
        runAsTenant(t.id, () => tenantDb().$transaction(async (tx) => tx.user.update({ where: { id: member!.user_id }, data: { name: "Forged in a cell" } }))),
      ).rejects.toThrow(/control plane/);
      await expect(runAsTenant(t.id, () => tenantDb().$transaction([tenantDb().authSession.count()]))).rejects.toThrow(/control plane/);
    }
    for (const where of ["controlPlane", "ch"] as const) {
      expect(await env.sql(where, "SELECT id FROM users WHERE name = 'Forged in a cell'")).toEqual([]);
    }
    // Outside a transaction the same model runs on the control plane.
    const user = await runAsTenant(dupont().id, () => tenantDb().user.findFirst({ where: { id: member!.user_id }, select: { passwordHash: true } }));
    expect(user?.passwordHash).toBeTruthy();
  });
});

describe("the platform console's tenants list across cells", () => {
  it("reads each tenant's usage and last activity in its own cell, once", async () => {
    const { platformAccess } = await import("@/lib/db");
    const { listTenants } = await import("@/lib/platform/queries/tenant-list");
    const { tenantListInputSchema } = await import("@/lib/platform/queries/tenant-search");
    const now = new Date();
    const period = (zone: string) => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit" }).format(now).slice(0, 7);
    const seed = async (where: "controlPlane" | "ch", tenantId: string, used: number, minutes: number) => {
      const [t] = await env.sql<{ timezone: string; plan: string }>(where, "SELECT timezone, plan FROM tenants WHERE id = $1", [tenantId]);
      await env.sql(where, `DELETE FROM usage_counters WHERE tenant_id = $1`, [tenantId]);
      await env.sql(
        where,
        `INSERT INTO usage_counters (tenant_id, period, metric, used, included, ceiling, plan_code) VALUES
           ($1, $2, 'conversations', $3, 1000, 1000, $5), ($1, $2, 'call_minutes', $4, 1000, 1000, $5)`,
        [tenantId, period(t!.timezone), used, minutes, t!.plan],
      );
    };
    const maple = env.tenants["maple-dental"];
    await seed("ch", dupont().id, 37, 11);
    await seed("controlPlane", maple.id, 5, 2);
    // A stale copy left on the control plane for the tenant in the second cell must not be what is shown.
    expect(await env.sql("controlPlane", "SELECT id FROM usage_counters WHERE tenant_id = $1", [dupont().id])).toEqual([]);
    const inboundAt = new Date(now.getTime() + 60_000);
    await env.sql("ch", "INSERT INTO usage_events (tenant_id, metric, quantity, occurred_at, idempotency_key) VALUES ($1, 'inbound_message', 1, $2, 'cp-list-test')", [dupont().id, inboundAt]);

    const page = await listTenants(platformAccess().auditedElsewhere, tenantListInputSchema.parse({}), now);
    const row = (id: string) => page.rows.find((r) => r.id === id)!;
    expect(page.rows).toHaveLength(3);
    expect(row(dupont().id)).toMatchObject({ conversationsUsed: 37, callMinutesUsed: 11 });
    expect(row(dupont().id).lastInboundAt?.getTime()).toBe(inboundAt.getTime());
    expect(row(maple.id)).toMatchObject({ conversationsUsed: 5, callMinutesUsed: 2 });
    expect(row(env.tenants["salon-amel"].id)).toMatchObject({ conversationsUsed: 0, callMinutesUsed: 0 });
  });
});

describe("Google Calendar push for a tenant in the second cell", () => {
  it("finds the channel in the tenant's cell, checks its token, and refuses forged and unknown channels", async () => {
    const { createHash, randomUUID } = await import("node:crypto");
    const { POST } = await import("@/app/api/calendar/google/push/route");
    const channelId = randomUUID();
    const token = "push-token-" + randomUUID();
    const [resource] = await env.sql<{ id: string }>("ch", "SELECT id FROM resources WHERE tenant_id = $1 LIMIT 1", [dupont().id]);
    const [connection] = await env.sql<{ id: string }>(
      "ch",
      `INSERT INTO calendar_connections (tenant_id, resource_id, provider, calendar_ref, ciphertext, iv, auth_tag, key_version, push_channel_id, push_token_hash)
       VALUES ($1, $2, 'google', 'primary', '\\x00', '\\x00', '\\x00', 1, $3, $4) RETURNING id`,
      [dupont().id, resource!.id, channelId, createHash("sha256").update(token).digest("hex")],
    );
    const push = async (headers: Record<string, string>) =>
      (await POST(new NextRequest("http://localhost/api/calendar/google/push", { method: "POST", headers: { "x-goog-resource-state": "sync", ...headers } }), { params: Promise.resolve({}) } as never)).status;

    expect(await push({ "x-goog-channel-id": channelId, "x-goog-channel-token": "forged" })).toBe(401);
    expect(await push({ "x-goog-channel-id": randomUUID(), "x-goog-channel-token": token })).toBe(404);
    expect(await push({ "x-goog-channel-id": channelId, "x-goog-channel-token": token })).toBe(200);
    const [row] = await env.sql<{ changed_at: Date | null }>("ch", "SELECT changed_at FROM calendar_connections WHERE id = $1", [connection!.id]);
    expect(row!.changed_at).not.toBeNull();
    // Found again through the remembered cell; a forged token there is still refused.
    expect(await push({ "x-goog-channel-id": channelId, "x-goog-channel-token": token })).toBe(200);
    expect(await push({ "x-goog-channel-id": channelId, "x-goog-channel-token": token + "x" })).toBe(401);
    // Nothing of the channel on the control plane.
    expect(await env.sql("controlPlane", "SELECT id FROM calendar_connections WHERE push_channel_id = $1", [channelId])).toEqual([]);
  });
});
