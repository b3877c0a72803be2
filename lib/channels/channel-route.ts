import "server-only";
import { tenantDb } from "@/lib/db";
import { isTenantId } from "@/lib/tenancy";

export type ChannelKind = "voice" | "whatsapp" | "web";

/*
 * Routing happens before any tenant is known, so it cannot read
 * channel_routes (row-level security hides every row without a tenant). The
 * SECURITY DEFINER functions answer exactly one question each — which tenant
 * owns this number, key or subdomain — and never list anything.
 */

/** The tenant an active route (E.164 number, or sha256 of a widget key) belongs to. */
export async function resolveChannelRoute(channel: ChannelKind, key: string): Promise<string | null> {
  const rows = await tenantDb().$queryRaw<Array<{ tenant_id: string | null }>>`
    SELECT resolve_channel_route(${channel}::"Channel", ${key}) AS tenant_id`;
  const id = rows[0]?.tenant_id ?? null;
  return isTenantId(id) ? id : null;
}

export async function resolveTenantSlug(slug: string): Promise<string | null> {
  const rows = await tenantDb().$queryRaw<Array<{ tenant_id: string | null }>>`
    SELECT resolve_tenant_slug(${slug}) AS tenant_id`;
  const id = rows[0]?.tenant_id ?? null;
  return isTenantId(id) ? id : null;
}
