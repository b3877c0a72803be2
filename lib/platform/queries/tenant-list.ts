import "server-only";
import type { PlatformDb } from "@/lib/db/platform-db";
import { pageOf } from "@/lib/http/keyset-cursor";
import { currentUsageLateral, loadPlanQuotas, usagePercent } from "./plan-quotas";
import { SqlText } from "./sql-text";
import { containsPattern, cursorPosition, searchTerms, type TenantListFilters } from "./tenant-search";

/*
 * The tenants list: newest first, keyset-paged on (created_at, id) so a page
 * link stays right while tenants are created (they land above it) and ties on
 * created_at never repeat or skip a row. Usage and last activity are read for
 * the page's rows only, after the page is chosen.
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

interface RawRow {
  id: string;
  slug: string;
  name: string;
  region: string;
  plan: string;
  status: string;
  created_at: Date;
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
  const at = sql.param(now);
  const text = `WITH page AS MATERIALIZED (
    SELECT t.id, t.slug, t.name, t.region::text AS region, t.plan, t.status::text AS status, t.timezone, t.created_at
    FROM tenants t
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY t.created_at DESC, t.id DESC
    LIMIT ${sql.param(filters.limit + 1)}
  )
  SELECT page.id, page.slug, page.name, page.region, page.plan, page.status, page.created_at,
         usage.conversations_used, usage.call_minutes_used,
         GREATEST(${lastOf("inbound_message")}, ${lastOf("voice_call")}, ${lastOf("call_second")}) AS last_inbound_at
  FROM page
  ${currentUsageLateral(at, "page")}
  ORDER BY page.created_at DESC, page.id DESC`;
  const [raw, quotas] = await Promise.all([sql.run<RawRow>(db, text), loadPlanQuotas(db)]);
  const rows = raw.map((r) => {
    const used = { conversations: Number(r.conversations_used), callMinutes: Number(r.call_minutes_used) };
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
      lastInboundAt: r.last_inbound_at,
    };
  });
  return pageOf(rows, filters.limit, (r) => ({ at: r.createdAt, id: r.id }));
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
