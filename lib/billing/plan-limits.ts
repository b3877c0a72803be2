import "server-only";
import type { TenantDb } from "@/lib/db";
import { ApiError } from "@/lib/http";
import { parsePlanLimits, planAllowingMore, type CataloguePlan, type CountedLimit } from "./plan-catalogue";

/*
 * What the plan lets a workspace create: seats (members and pending
 * invitations), routed numbers (voice and WhatsApp), widget keys, and the
 * channels themselves. The count and the creation run in one transaction
 * under a per-tenant, per-limit advisory lock, so two concurrent creations
 * cannot both take the last place. A refusal is a 403 naming the limit and
 * the plan that allows more.
 */

type Tx = Parameters<Parameters<TenantDb["$transaction"]>[0]>[0];

const LIMIT_WORDS: Record<CountedLimit | "channels", { one: string; many: string }> = {
  seats: { one: "seat", many: "seats" },
  routedNumbers: { one: "routed number", many: "routed numbers" },
  widgetKeys: { one: "widget key", many: "widget keys" },
  channels: { one: "channel", many: "channels" },
};

async function catalogue(db: TenantDb | Tx): Promise<{ plans: CataloguePlan[]; current: CataloguePlan }> {
  const tenant = await db.tenant.findFirst({ select: { plan: true } });
  const rows = await db.plan.findMany({ select: { code: true, name: true, rank: true, selfServe: true, limits: true } });
  const plans = rows.map((r) => ({ ...r, limits: parsePlanLimits(r.limits) }));
  const current = plans.find((p) => p.code === tenant?.plan) ?? { code: tenant?.plan ?? "", name: tenant?.plan ?? "", rank: 0, selfServe: false, limits: parsePlanLimits({}) };
  return { plans, current };
}

async function used(tx: Tx, limit: CountedLimit, replacingInvitationFor?: string): Promise<number> {
  switch (limit) {
    case "seats": {
      const [members, pending] = await Promise.all([
        tx.membership.count(),
        tx.invitation.count({
          where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() }, ...(replacingInvitationFor ? { NOT: { email: replacingInvitationFor } } : {}) },
        }),
      ]);
      return members + pending;
    }
    case "routedNumbers":
      return tx.channelRoute.count({ where: { channel: { in: ["voice", "whatsapp"] } } });
    case "widgetKeys":
      return tx.channelRoute.count({ where: { channel: "web", revokedAt: null } });
  }
}

function refusal(limit: CountedLimit | "channels", current: CataloguePlan, allowed: string, better: CataloguePlan | null): ApiError {
  const upgrade = better ? ` The ${better.name} plan allows more: change plan on the Billing page.` : " Contact us for a custom plan.";
  return new ApiError("plan_limit_exceeded", `Your ${current.name} plan allows ${allowed}.${upgrade}`, undefined, undefined, {
    limit,
    plan: current.code,
    ...(better ? { upgradeTo: better.code } : {}),
  });
}

/**
 * Runs `create` only when the plan has room for one more `limit`; call inside
 * the tenant context. `replacingInvitationFor`: a new invitation for an address
 * replaces its pending one, so that one does not count.
 */
export async function withinPlan<T>(
  db: TenantDb,
  limit: CountedLimit,
  create: (tx: Tx) => Promise<T>,
  options: { replacingInvitationFor?: string } = {},
): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(current_setting('app.tenant_id', true)), hashtext(${limit}))`;
    const { plans, current } = await catalogue(tx);
    const max = current.limits[limit];
    if (max !== null && (await used(tx, limit, options.replacingInvitationFor)) + 1 > max) {
      const better = planAllowingMore(plans, current, (l) => l[limit] === null || l[limit]! > max);
      throw refusal(limit, current, `${max} ${max === 1 ? LIMIT_WORDS[limit].one : LIMIT_WORDS[limit].many}`, better);
    }
    return create(tx);
  });
}

/** The 403 for a limit the database found full (an invitation accepted when no seat is left). */
export async function limitRefusal(db: TenantDb, limit: CountedLimit): Promise<ApiError> {
  const { plans, current } = await catalogue(db);
  const max = current.limits[limit] ?? 0;
  const better = planAllowingMore(plans, current, (l) => l[limit] === null || l[limit]! > max);
  return refusal(limit, current, `${max} ${max === 1 ? LIMIT_WORDS[limit].one : LIMIT_WORDS[limit].many}`, better);
}

/** Refuses a route on a channel the plan does not include (e.g. voice on Starter). */
export async function assertChannelInPlan(db: TenantDb, channel: "voice" | "whatsapp" | "web"): Promise<void> {
  const { plans, current } = await catalogue(db);
  if (current.limits.channels.includes(channel)) return;
  const better = planAllowingMore(plans, current, (l) => l.channels.includes(channel));
  const names: Record<string, string> = { voice: "phone calls", whatsapp: "WhatsApp", web: "the web chat" };
  throw refusal("channels", current, `${current.limits.channels.map((c) => names[c]).join(" and ")} only, not ${names[channel]}`, better);
}
