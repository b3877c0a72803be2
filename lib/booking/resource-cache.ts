import "server-only";
import { configEventsFor } from "@/lib/db/config-events";
import { createTenantCache, type TenantCache } from "@/lib/db/tenant-cache";
import type { TenantDb } from "@/lib/db/tenant-db";
import { requireTenantId, runAsTenant } from "@/lib/tenancy";
import { RESOURCE_TABLES, loadResourceTerms, type ResourceTerms } from "./resource-terms";

/* Each tenant's resources, cached per process and config version like the rest of its configuration. */

const byClient = new WeakMap<TenantDb, TenantCache<ResourceTerms[]>>();

function cacheFor(db: TenantDb): TenantCache<ResourceTerms[]> {
  let cache = byClient.get(db);
  if (!cache) {
    cache = createTenantCache({
      events: configEventsFor(db.pool),
      tables: RESOURCE_TABLES,
      load: (tenantId) =>
        runAsTenant(tenantId, async () => {
          // The version first: a write landing during the read then only makes the entry look older than it is.
          const row = await db.tenant.findFirst({ select: { configVersion: true } });
          if (!row) throw new Error("The current tenant does not exist");
          return { version: Number(row.configVersion), value: await loadResourceTerms(db) };
        }),
    });
    byClient.set(db, cache);
  }
  return cache;
}

/** The current tenant's resources in display order, from the cache of `db`. */
export async function cachedResources(db: TenantDb): Promise<ResourceTerms[]> {
  return (await cacheFor(db).get(requireTenantId("listResources"))).value;
}
