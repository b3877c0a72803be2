import "server-only";
import { registerPoolMetrics } from "@/lib/observability/metrics";
import { APP_ROLE, PLATFORM_ROLE, databaseUrls, type DatabaseUrls } from "./database-urls";
import { createPlatformAccess, type PlatformAccess } from "./platform-db";
import { createTenantDb, type PoolOptions, type TenantDb } from "./tenant-db";

/*
 * The process-wide clients. Cached on globalThis because Next's dev server
 * re-evaluates modules on every edit and would otherwise open new pools each
 * time.
 */

interface AppDatabases {
  tenantDb?: TenantDb;
  platform?: PlatformAccess;
}

const globalKey = Symbol.for("frontdesk.app-databases");
const store = ((globalThis as Record<symbol, AppDatabases>)[globalKey] ??= {});

/** Set by `npm run dev` when it serves the embedded PGlite server. */
const embedded = () => process.env.FRONTDESK_EMBEDDED_DB === "1";

function poolOptions(url: string, role: string, max: number, urls: DatabaseUrls): PoolOptions {
  const timeouts = { connectionTimeoutMillis: urls.connectTimeoutMs, replyTimeoutMillis: urls.replyTimeoutMs };
  // The embedded server runs one client at a time and ignores the login user.
  // It queues new connections until the current client leaves, so there a
  // connection may take long to open: only the request deadline bounds it.
  return embedded()
    ? { url, max: 1, sessionRole: role, idleTimeoutMillis: 200, ...timeouts, connectionTimeoutMillis: 0 }
    : { url, max, ...timeouts };
}

/** The tenant-scoped client for request handlers (role frontdesk_app). */
export function tenantDb(): TenantDb {
  if (!store.tenantDb) {
    const urls = databaseUrls();
    store.tenantDb = createTenantDb(poolOptions(urls.app, APP_ROLE, urls.poolSize, urls));
    registerPoolMetrics("app", store.tenantDb.pool);
  }
  return store.tenantDb;
}

/** Audited cross-tenant access for the support console (role frontdesk_platform). */
export function platformAccess(): PlatformAccess {
  if (!store.platform) {
    const urls = databaseUrls();
    store.platform = createPlatformAccess(poolOptions(urls.platform, PLATFORM_ROLE, Math.min(urls.poolSize, 4), urls));
    registerPoolMetrics("platform", store.platform.pool);
  }
  return store.platform;
}

/** The pools requests use, by name, as far as they exist yet. */
export function appPools() {
  return { app: tenantDb().pool, platform: platformAccess().pool };
}

/** Closes both pools (graceful shutdown); the next use would open new ones. */
export async function closeAppDatabases(): Promise<void> {
  const { tenantDb: tenant, platform } = store;
  store.tenantDb = undefined;
  store.platform = undefined;
  await Promise.allSettled([
    tenant ? tenant.$disconnect().then(() => tenant.pool.end()) : undefined,
    platform ? platform.close() : undefined,
  ]);
}
