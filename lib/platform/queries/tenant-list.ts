import "server-only";
import type { PlatformDb } from "@/lib/db/platform-db";
import { pageOf } from "@/lib/http/keyset-cursor";
import { perTenantAcrossCells } from "./cell-fan-out";
import { currentUsageLateral, loadPlanQuotas, usagePercent } from "./plan-quotas";
import { SqlText } from "./sql-text";
import { containsPattern, cursorPosition, searchTerms, type TenantListFilters } from "./tenant-search";

/*
 * The tenants list: newest first, keyset-paged on (created_at, id) so a page
 * link stays right while tenants are created (they land above it) and ties on
 * created_at never repeat or skip a row. Usage and last activity are read for
 * the page's rows only, after the page is chosen, each in the tenant's cell.
 */

export interface TenantListRow {
  id: string;
  slug: string;
  name: string;
  region: string;
  plan: string;
  status: string;
  createdAt: Date;
  /** Highest share of this month's conversation or call-minute quota, in percent; null: unlimited. */
  usagePercent: number | null;
  conversationsUsed: number;
  callMinutesUsed: number;
  /** Newest inbound message or call on any channel. */
  lastInboundAt: Date | null;
}

export interface TenantListPage {
  rows: TenantListRow[];
  nextCursor: string | null;
}

interface PageRow {
  id: string;
  slug: string;
  name: string;
  region: string;
  plan: string;
  status: string;
  timezone: string;
  cell: string;
  created_at: Date;
}

interface Usage {
  conversations_used: number;
  call_minutes_used: number;
  last_inbound_at: Date | null;
}

const lastOf = (metric: string) => `(SELECT max(e.occurred_at) FROM usage_events e WHERE e.tenant_id = page.id AND e.metric = '${metric}')`;

export async function listTenants(db: PlatformDb, filters: TenantListFilters, now: Date): Promise<TenantListPage> {
  const sql = new SqlText();
  const where: string[] = [];
  if (filters.status) where.push(`t.status = ${sql.param(filters.status)}::"TenantStatus"`);
  if (filters.plan) where.push(`t.plan = ${sql.param(filters.plan)}`);
  if (filters.region) where.push(`t.region = ${sql.param(filters.region)}::"Region"`);
  if (filters.q) where.push(searchCondition(sql, filters));
  const after = cursorPosition(filters.cursor);
  if (after) where.push(`(t.created_at, t.id) < (${sql.param(after.at)}::timestamptz, ${sql.param(after.id)}::uuid)`);
  const text = `SELECT t.id, t.slug, t.name, t.region::text AS region, t.plan, t.status::text AS status, t.timezone, t.cell, t.created_at
    FROM tenants t
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY t.created_at DESC, t.id DESC
    LIMIT ${sql.param(filters.limit + 1)}`;
  const [page, quotas] = await Promise.all([sql.run<PageRow>(db, text), loadPlanQuotas(db)]);
  // The directory is the control plane's; usage is tenant-owned, read in each page row's own cell.
  const usage = await perTenantAcrossCells(db, page, (cellDb, tenants) => loadPageUsage(cellDb, tenants, now));
  const rows = page.map((r) => {
    const u = usage.get(r.id);
    const used = { conversations: Number(u?.conversations_used ?? 0), callMinutes: Number(u?.call_minutes_used ?? 0) };
    return {
      id: r.id,
      slug: r.slug,
      name: r.name,
      region: r.region,
      plan: r.plan,
      status: r.status,
      createdAt: r.created_at,
      usagePercent: usagePercent(used, quotas[r.plan]),
      conversationsUsed: used.conversations,
      callMinutesUsed: used.callMinutes,
      lastInboundAt: u?.last_inbound_at ?? null,
    };
  });
  return pageOf(rows, filters.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

/** This month's counters and last inbound activity of `tenants`, all in the cell `db` reads. */
async function loadPageUsage(db: PlatformDb, tenants: PageRow[], now: Date): Promise<Map<string, Usage>> {
  if (!tenants.length) return new Map();
  const sql = new SqlText();
  const ids = sql.param(tenants.map((t) => t.id));
  const zones = sql.param(tenants.map((t) => t.timezone));
  const text = `SELECT page.id, usage.conversations_used, usage.call_minutes_used,
         GREATEST(${lastOf("inbound_message")}, ${lastOf("voice_call")}, ${lastOf("call_second")}) AS last_inbound_at
  FROM unnest(${ids}::uuid[], ${zones}::text[]) AS page(id, timezone)
  ${currentUsageLateral(sql.param(now), "page")}`;
  const rows = await sql.run<Usage & { id: string }>(db, text);
  return new Map(rows.map((r) => [r.id, r]));
}

function searchCondition(sql: SqlText, filters: TenantListFilters): string {
  const terms = searchTerms(filters.q!, filters.region);
  const like = sql.param(containsPattern(terms.text));
  const any = [
    `t.name ILIKE ${like}`,
    `t.slug ILIKE ${like}`,
    `t.admin_email ILIKE ${like}`,
    `EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = t.id AND m.role = 'owner' AND u.email ILIKE ${like})`,
  ];
  if (terms.numbers.length) {
    any.push(`EXISTS (SELECT 1 FROM channel_routes r WHERE r.tenant_id = t.id AND r.channel <> 'web' AND r.key = ANY(${sql.param(terms.numbers)}::text[]))`);
  }
  if (terms.stripeCustomerId) {
    const customer = sql.param(terms.stripeCustomerId);
    any.push(`t.stripe_customer_id = ${customer}`, `EXISTS (SELECT 1 FROM subscriptions s WHERE s.tenant_id = t.id AND s.stripe_customer_id = ${customer})`);
  }
  if (terms.tenantId) any.push(`t.id = ${sql.param(terms.tenantId)}::uuid`);
  return `(${any.join(" OR ")})`;
}
