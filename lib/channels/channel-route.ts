import "server-only";
import { tenantDb } from "@/lib/db";
import { isTenantId } from "@/lib/tenancy";
import { cellsConfig } from "@/lib/cells/cell-config";
import { cellEntryOf } from "@/lib/cells/directory";
import { cellDirectory } from "@/lib/db/cell-databases";

export type ChannelKind = "voice" | "whatsapp" | "web";

/*
 * Routing happens before any tenant is known, so it cannot read
 * channel_routes (row-level security hides every row without a tenant). The
 * SECURITY DEFINER functions answer exactly one question each — which tenant
 * owns this number, key or subdomain — and never list anything.
 */

/** The tenant an active route (E.164 number, or sha256 of a widget key) belongs to. */
export async function resolveChannelRoute(channel: ChannelKind, key: string): Promise<string | null> {
  if (cellsConfig().routed) return resolveChannelRouteAndCell(channel, key);
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

/** With several cells: the route's tenant and that tenant's cell in one lookup, the cell kept in the directory cache. */
async function resolveChannelRouteAndCell(channel: ChannelKind, key: string): Promise<string | null> {
  const rows = await tenantDb().$queryRaw<Array<{ tenant_id: string; cell: string; cell_state: string; cell_frozen_at: Date | null; config_version: bigint }>>`
    SELECT * FROM resolve_channel_route_cell(${channel}::"Channel", ${key})`;
  const row = rows[0];
  if (!row || !isTenantId(row.tenant_id)) return null;
  cellDirectory().prime(row.tenant_id, cellEntryOf(row));
  return row.tenant_id;
}
