import "server-only";
import { tenantDb } from "@/lib/db";

/*
 * Slug → tenant id through the SECURITY DEFINER function resolve_tenant_slug,
 * which the app role may call without being able to list tenants. A short
 * cache spares the database one round trip per request; a renamed or deleted
 * tenant is seen within the TTL, and authorization never relies on it alone
 * (every request re-checks the membership).
 */

const TTL_MS = 30_000;
// One map per process, not per module instance: Next bundles route handlers
// and pages separately, and a deleted tenant's slug forgotten by one must be
// forgotten by the other (a new sign-up may take the slug at once).
const cacheKey = Symbol.for("frontdesk.tenant-slug-cache");
const store = globalThis as Record<symbol, Map<string, { id: string | null; at: number }> | undefined>;
const cache = (store[cacheKey] ??= new Map());

export async function resolveTenantIdBySlug(slug: string): Promise<string | null> {
  const hit = cache.get(slug);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.id;
  const rows = await tenantDb().$queryRaw<Array<{ id: string | null }>>`SELECT resolve_tenant_slug(${slug}) AS id`;
  const id = rows[0]?.id ?? null;
  // Misses are not cached: a tenant signed up a moment ago must resolve at once.
  if (id) {
    if (cache.size > 5_000) cache.clear();
    cache.set(slug, { id, at: Date.now() });
  }
  return id;
}

export function forgetTenantSlug(slug: string): void {
  cache.delete(slug);
}
