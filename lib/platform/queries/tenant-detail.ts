import "server-only";
import { dunningStep } from "@/lib/billing/lifecycle";
import type { PlatformDb } from "@/lib/db/platform-db";
import { platformDbForTenant } from "./cell-fan-out";
import { monthBounds } from "@/lib/usage/monthly-usage";
import { channelHealth, type ChannelHealthRoute } from "./channel-health";
import { loadPlanQuotas } from "./plan-quotas";
import { loadTenantMonthUsage, type TenantMonthUsage } from "./tenant-usage";

/*
 * Everything support sees about one tenant. Read with explicit selects only:
 * conversations are counted, never read, so no message, transcript, summary
 * or dialogue state can reach the console through this view, and secrets are
 * not selected at all.
 */

const RECENT_AUDIT = 20;

export interface TenantDetail {
  profile: {
    id: string;
    slug: string;
    name: string;
    region: string;
    plan: string;
    planName: string;
    status: string;
    adminEmail: string;
    timezone: string;
    locale: string;
    createdAt: Date;
    trialEndsAt: Date | null;
    pastDueSince: Date | null;
    suspendedAt: Date | null;
    cancelledAt: Date | null;
    dataDeletionDueAt: Date | null;
    configLockedAt: Date | null;
    stripeCustomerId: string | null;
    requireTwoFactor: boolean;
  };
  members: Array<{ userId: string; name: string; email: string; role: string; joinedAt: Date; twoFactor: boolean; lastSignInAt: Date | null; lastSeenAt: Date | null }>;
  invitations: Array<{ id: string; email: string; role: string; expiresAt: Date; createdAt: Date }>;
  routes: ChannelHealthRoute[];
  billing: {
    subscription: {
      status: string;
      planCode: string;
      interval: string | null;
      currency: string | null;
      currentPeriodEnd: Date | null;
      cancelAtPeriodEnd: boolean;
      trialEnd: Date | null;
      stripeSubscriptionId: string | null;
      unknownPriceId: string | null;
    } | null;
    /** Day of the dunning sequence reached (0, 3, 7, 14) while past due; null otherwise. */
    dunningStep: 0 | 3 | 7 | 14 | null;
  };
  usage: TenantMonthUsage;
  audit: Array<{ id: string; action: string; actorKind: string; actorEmail: string | null; target: string | null; createdAt: Date }>;
  conversations: Array<{ channel: string; total: number; thisMonth: number }>;
}

export async function loadTenantDetail(db: PlatformDb, tenantId: string, now: Date): Promise<TenantDetail | null> {
  const tenant = await db.tenant.findUnique({
    where: { id: tenantId },
    select: {
      id: true, slug: true, name: true, region: true, plan: true, status: true, adminEmail: true, timezone: true, locale: true,
      createdAt: true, trialEndsAt: true, pastDueSince: true, suspendedAt: true, cancelledAt: true, dataDeletionDueAt: true,
      configLockedAt: true, stripeCustomerId: true, requireTwoFactor: true, planRef: { select: { name: true } },
    },
  });
  if (!tenant) return null;
  const { from, to } = monthBounds(now, tenant.timezone);
  // The tenant's own rows are in its cell; sessions and accounts on the control plane.
  const cellDb = await platformDbForTenant(db, tenantId);
  const [memberships, invitations, routes, subscription, audit, counts, quotas] = await Promise.all([
    cellDb.membership.findMany({
      where: { tenantId },
      orderBy: [{ role: "asc" }, { createdAt: "asc" }],
      select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
    cellDb.invitation.findMany({
      where: { tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    }),
    channelHealth(cellDb, tenantId),
    cellDb.subscription.findFirst({
      where: { tenantId },
      orderBy: { updatedAt: "desc" },
      select: {
        status: true, planCode: true, interval: true, currency: true, currentPeriodEnd: true, cancelAtPeriodEnd: true,
        trialEnd: true, stripeSubscriptionId: true, unknownPriceId: true,
      },
    }),
    cellDb.auditEvent.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RECENT_AUDIT,
      select: { id: true, action: true, actorKind: true, actorUserId: true, target: true, createdAt: true },
    }),
    cellDb.$queryRaw<Array<{ channel: string; total: number; this_month: number }>>`
      SELECT channel::text AS channel, count(*)::int AS total,
             (count(*) FILTER (WHERE started_at >= ${from} AND started_at < ${to}))::int AS this_month
      FROM conversations WHERE tenant_id = ${tenantId}::uuid GROUP BY channel`,
    loadPlanQuotas(db),
  ]);
  const userIds = [...new Set([...memberships.map((m) => m.user.id), ...audit.flatMap((a) => (a.actorUserId ? [a.actorUserId] : []))])];
  const [sessions, actors, usage] = await Promise.all([
    db.authSession.groupBy({ by: ["userId"], where: { userId: { in: userIds } }, _max: { createdAt: true, lastSeenAt: true } }),
    // A cell's users copy holds names, never the second factor: that is read here.
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, totpEnabledAt: true } }),
    loadTenantMonthUsage(cellDb, tenant, quotas[tenant.plan], now),
  ]);
  const { planRef, ...profile } = tenant;
  return {
    profile: { ...profile, planName: planRef?.name ?? tenant.plan },
    members: memberships.map((m) => {
      const s = sessions.find((x) => x.userId === m.user.id)?._max;
      return {
        userId: m.user.id,
        name: m.user.name,
        email: m.user.email,
        role: m.role,
        joinedAt: m.createdAt,
        twoFactor: !!actors.find((a) => a.id === m.user.id)?.totpEnabledAt,
        lastSignInAt: s?.createdAt ?? null,
        lastSeenAt: s?.lastSeenAt ?? null,
      };
    }),
    invitations,
    routes,
    billing: {
      subscription,
      dunningStep: tenant.status === "past_due" && tenant.pastDueSince ? dunningStep(tenant.pastDueSince, now) : null,
    },
    usage,
    audit: audit.map((a) => ({
      id: a.id,
      action: a.action,
      actorKind: a.actorKind,
      actorEmail: actors.find((u) => u.id === a.actorUserId)?.email ?? null,
      target: a.target,
      createdAt: a.createdAt,
    })),
    conversations: (["voice", "whatsapp", "web"] as const).map((channel) => {
      const row = counts.find((c) => c.channel === channel);
      return { channel, total: Number(row?.total ?? 0), thisMonth: Number(row?.this_month ?? 0) };
    }),
  };
}
