import "server-only";
import { RESOURCE_TABLES, type BookingConfig } from "@/lib/booking";
import { configEventsFor } from "@/lib/db/config-events";
import { createTenantCache, type TenantCache } from "@/lib/db/tenant-cache";
import type { TenantDb } from "@/lib/db/tenant-db";
import { runAsTenant } from "@/lib/tenancy";
import { loadTenantFacts, type TenantFacts } from "./tenant-facts";

/* The receptionist's view of each tenant's configuration, cached per process and version. */

/** The tables TenantFacts is read from; a change elsewhere (routes, secrets) keeps the entry. */
const FACT_TABLES = ["tenants", "business_profiles", "opening_hours", "closures", "services", "faq_entries", ...RESOURCE_TABLES] as const;

export type FactsCache = TenantCache<TenantFacts>;

const byClient = new WeakMap<TenantDb, FactsCache>();

/** One cache per client, shared by the receptionist's turns and the voice tools. */
export function factsCacheFor(db: TenantDb): FactsCache {
  let cache = byClient.get(db);
  if (!cache) byClient.set(db, (cache = createFactsCache(db)));
  return cache;
}

function createFactsCache(db: TenantDb): FactsCache {
  return createTenantCache({
    events: configEventsFor(db.pool),
    tables: FACT_TABLES,
    load: (tenantId) =>
      runAsTenant(tenantId, async () => {
        // The version first: a write landing during the reads then only makes the entry look older than it is.
        const row = await db.tenant.findFirst({ select: { configVersion: true } });
        if (!row) throw new Error("The current tenant does not exist");
        return { version: Number(row.configVersion), value: await loadTenantFacts(db) };
      }),
  });
}

/** What booking needs from the facts: services' terms and the schedule. */
export function bookingConfigOf(facts: TenantFacts): BookingConfig {
  return {
    services: facts.services.map((s) => ({ id: s.id, name: s.name, durationMinutes: s.durationMinutes, bufferMinutes: s.bufferMinutes })),
    schedule: { timeZone: facts.timeZone, hours: facts.hours, closures: facts.closures },
    resources: facts.resources,
  };
}
