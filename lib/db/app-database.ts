import "server-only";
import { APP_ROLE, PLATFORM_ROLE, databaseUrls } from "./database-urls";
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

function poolOptions(url: string, role: string, max: number): PoolOptions {
  // The embedded server runs one client at a time and ignores the login user.
  return embedded() ? { url, max: 1, sessionRole: role, idleTimeoutMillis: 200 } : { url, max };
}

/** The tenant-scoped client for request handlers (role frontdesk_app). */
export function tenantDb(): TenantDb {
  if (!store.tenantDb) {
    const urls = databaseUrls();
    store.tenantDb = createTenantDb(poolOptions(urls.app, APP_ROLE, urls.poolSize));
  }
  return store.tenantDb;
}

/** Audited cross-tenant access for the support console (role frontdesk_platform). */
export function platformAccess(): PlatformAccess {
  if (!store.platform) {
    const urls = databaseUrls();
    store.platform = createPlatformAccess(poolOptions(urls.platform, PLATFORM_ROLE, Math.min(urls.poolSize, 4)));
  }
  return store.platform;
}
