import { NextRequest } from "next/server";
import type pg from "pg";
import { createManualClock, type ManualClock } from "@/lib/jobs/clock";
import { setUpConsoleRoles, type ConsoleRolesEnv, type MemberRole } from "../support/console-roles-env";
import { createPlatformAdmin } from "../support/platform-admin";

/*
 * Support mode as the tenant host sees it: a seeded database with
 * maple-dental's owner (and the members a suite asks for), one platform
 * admin, a manual support clock, support sessions opened through the real
 * platform client and tickets redeemed through the real enter route.
 */

export const MAPLE_HOST = "maple-dental.localhost:3000";
export const DUPONT_HOST = "cabinet-dupont.localhost:3000";

export interface SupportEnv {
  r: ConsoleRolesEnv;
  admin: pg.Client;
  adminUserId: string;
  /** The admin's console session the support sessions are bound to. */
  adminSessionId: string;
  clock: ManualClock;
  mapleId: string;
  dupontId: string;
  cookieName: string;
  /** Opens a session on `tenantId` as the platform admin; returns its ticket. */
  start(options?: { tenantId?: string; reason?: string; minutes?: number }): Promise<{ sessionId: string; ticket: string }>;
  /** GET /api/support/enter on `host`; the support cookie set, if any. */
  enter(ticket: string, host?: string): Promise<{ status: number; cookie: string | null; location: string | null; setCookie: string[] }>;
  /** Opens and enters in one go: the support cookie for maple-dental. */
  supportCookie(options?: { minutes?: number; reason?: string }): Promise<string>;
  request(path: string, options?: { method?: string; host?: string; cookie?: string; body?: unknown; headers?: Record<string, string> }): NextRequest;
  setWritesAllowed(allowed: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function setUpSupport(label: string, members: MemberRole[] = []): Promise<SupportEnv> {
  const r = await setUpConsoleRoles(label, { members });
  const admin = r.env.admin;
  const adminUserId = (await createPlatformAdmin(r.env.db.adminUrl, { email: "root@frontdesk.test" })).userId;
  const { openSession } = await import("@/lib/auth/identity-store");
  const adminSessionId = await openSession({ userId: adminUserId, ttlSeconds: 3600, ip: "203.0.113.7", userAgent: "vitest" });
  const { createPlatformAccess } = await import("@/lib/db/platform-db");
  const support = await import("@/lib/platform/support");
  const { GET: enterRoute } = await import("@/app/api/support/enter/route");
  const platform = createPlatformAccess({ url: r.env.db.platformUrl, max: 2 });
  const clock = createManualClock(new Date());
  support.setSupportClock(clock);
  const cookieName = support.supportCookieName();
  const mapleId = r.env.tenants["maple-dental"].id;
  const dupontId = r.env.tenants["cabinet-dupont"].id;

  function request(path: string, options: { method?: string; host?: string; cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const host = options.host ?? MAPLE_HOST;
    return new NextRequest(`http://${host}${path}`, {
      method: options.method ?? "GET",
      headers: {
        host,
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  }

  async function start(options: { tenantId?: string; reason?: string; minutes?: number } = {}) {
    const tenantId = options.tenantId ?? mapleId;
    const input = support.startSupportSchema.parse({ reason: options.reason ?? "Customer asked why bookings fail", minutes: options.minutes });
    const started = await platform.withPlatformAccess({ userId: adminUserId }, { action: "support.started", tenantId, reason: input.reason, metadata: { minutes: input.minutes }, tenantActivity: true }, (db) =>
      support.startSupportSession(db, { ...input, tenantId, adminUserId, adminSessionId: env.adminSessionId }, clock.now()),
    );
    return { sessionId: started.sessionId, ticket: started.ticket };
  }

  async function enter(ticket: string, host = MAPLE_HOST) {
    const response = await enterRoute(request(`/api/support/enter?ticket=${encodeURIComponent(ticket)}`, { host }));
    const setCookie = response.headers.getSetCookie();
    const mine = setCookie.map((c) => new RegExp(`^${cookieName}=([^;]*)`).exec(c)?.[1]).find((v) => v !== undefined);
    return { status: response.status, cookie: mine ? `${cookieName}=${mine}` : null, location: response.headers.get("location"), setCookie };
  }

  const env: SupportEnv = {
    r,
    admin,
    adminUserId,
    adminSessionId,
    clock,
    mapleId,
    dupontId,
    cookieName,
    start,
    enter,
    async supportCookie(options = {}) {
      const { ticket } = await start(options);
      const entered = await enter(ticket);
      if (!entered.cookie) throw new Error(`enter refused: ${entered.status}`);
      return entered.cookie;
    },
    request,
    async setWritesAllowed(allowed) {
      await admin.query(`UPDATE tenants SET support_writes_allowed = $2 WHERE id = $1`, [mapleId, allowed]);
    },
    async close() {
      support.setSupportClock(null);
      await platform.close();
      await r.env.close();
    },
  };
  return env;
}

/*
 * A digest of every table's rows: equal before and after means nothing was
 * written. Left out: webhook_failures, the global count of refused provider
 * deliveries, which any unsigned webhook request bumps whoever sends it.
 */
export async function databaseDigest(admin: pg.Client): Promise<Record<string, string>> {
  const tables = (
    await admin.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('_prisma_migrations', 'webhook_failures') ORDER BY table_name`,
    )
  ).rows.map((r) => r.table_name);
  const sql = tables.map((t) => `SELECT '${t}' AS t, coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS d FROM "${t}" x`).join(" UNION ALL ");
  const res = await admin.query<{ t: string; d: string }>(sql);
  return Object.fromEntries(res.rows.map((r) => [r.t, r.d]));
}
