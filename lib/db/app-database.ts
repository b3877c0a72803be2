import "server-only";
import { registerPoolMetrics } from "@/lib/observability/metrics";
import { APP_ROLE, PLATFORM_ROLE, databaseUrls, type DatabaseUrls } from "./database-urls";
import { createPlatformAccess, type PlatformAccess } from "./platform-db";
import { createTenantDb, type PoolOptions, type TenantDb } from "./tenant-db";
import { cellsConfig } from "@/lib/cells/cell-config";
import { cellAppPool, cellConfigEvents, cellPlatformAccess, cellRoute, closeCellDatabases, separateCells } from "./cell-databases";
import type pg from "pg";

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
    const options = poolOptions(urls.app, APP_ROLE, urls.poolSize, urls);
    // One database (no CELLS): the plain pool, not a single extra step per statement.
    store.tenantDb = createTenantDb(cellsConfig().routed ? { ...options, route: cellRoute(cellPoolOptions()) } : options);
    const pool = store.tenantDb.pool;
    if (cellsConfig().routed) Object.assign(pool, { cellConfigEvents: () => cellConfigEvents(pool, cellPoolOptions()) });
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

function cellPoolOptions(role = APP_ROLE): Omit<PoolOptions, "url"> {
  const urls = databaseUrls();
  const { url: _url, ...rest } = poolOptions(urls.app, role, urls.poolSize, urls);
  return rest;
}

/** The platform console's access to one cell's tenant-owned data (fan-out over cells). */
export function platformAccessIn(cell: string): PlatformAccess {
  const urls = databaseUrls();
  const { url: _url, ...rest } = poolOptions(urls.platform, PLATFORM_ROLE, Math.min(urls.poolSize, 4), urls);
  return cellPlatformAccess(cell, platformAccess, rest);
}

/**
 * The app role's pool of every database holding tenants' rows, keyed by cell
 * ("" for the control plane's own database), for the few lookups that find a
 * tenant by a cell-owned key before any tenant is known. Use outside runAsTenant.
 */
export function appPoolsOfEveryCell(): Array<[cell: string, pool: pg.Pool]> {
  const own: Array<[string, pg.Pool]> = [["", tenantDb().pool]];
  if (!cellsConfig().routed) return own;
  return [...own, ...separateCells().map((cell): [string, pg.Pool] => [cell, cellAppPool(cell, cellPoolOptions())!])];
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
    closeCellDatabases(),
    tenant ? tenant.$disconnect().then(() => tenant.pool.end()) : undefined,
    platform ? platform.close() : undefined,
  ]);
}
