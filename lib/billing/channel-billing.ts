import "server-only";
import type { Prisma, TenantStatus } from "@/lib/db/generated/client";
import { inTenantTransaction } from "@/lib/db/tenant-transaction";
import { tenantDb } from "@/lib/db";
import { monthBounds } from "@/lib/usage";
import { logger } from "@/lib/observability/logger";
import { deliverBillingNotices } from "./notices";
import { limitsInForce, parsePlanLimits, quotaOf, type PlanLimits, type QuotaMetric } from "./plan-catalogue";
import { standingOf, type NotServingReason } from "./standing";
import { METER_EVENT_NAMES } from "./meters";
import { countStatement, countUsage, readCount, type CountOutcome, type CountRequest } from "./usage-counter";
import type { NewConversationGate } from "@/lib/agent/types";

/*
 * Billing on the channels, in one place: withChannel asks once per request
 * (from the cached channel configuration, so an answer costs no query), and
 * the receptionist asks again only when a request opens something new (a
 * conversation, a call) or a call's minutes become known. That is the only
 * time the counter is touched.
 */

/** What of the tenant row billing needs; the channel directory caches it with the rest. */
export const tenantBillingSelect = {
  status: true,
  trialEndsAt: true,
  configLockedAt: true,
  plan: true,
  planRef: { select: { limits: true } },
} satisfies Prisma.TenantSelect;

export interface TenantBilling {
  status: TenantStatus;
  trialEndsAt: Date | null;
  configLockedAt: Date | null;
  plan: string;
  limits: PlanLimits;
}

export function tenantBillingOf(row: Prisma.TenantGetPayload<{ select: typeof tenantBillingSelect }>): TenantBilling {
  return {
    status: row.status,
    trialEndsAt: row.trialEndsAt,
    configLockedAt: row.configLockedAt,
    plan: row.plan,
    limits: limitsInForce(parsePlanLimits(row.planRef?.limits), row.status),
  };
}

// Read once at start (BILLING_ENFORCEMENT=off serves every caller unmetered).
let enforced = process.env.BILLING_ENFORCEMENT !== "off";

export function billingEnforced(): boolean {
  return enforced;
}

/** Benchmarks only (bench:chat): the same warm process measured with and without enforcement. */
export function unsafeSetBillingEnforcement(on: boolean): void {
  enforced = on;
}

export interface ChannelBilling {
  serving: boolean;
  reason: NotServingReason | null;
  /**
   * For the receptionist's turn: counts a new conversation, refused = polite
   * reply. `knownNewKey`: the caller knows this turn opens one (a web chat
   * without conversationId), so the count rides with the turn's opening
   * statements. Undefined when no quota applies.
   */
  newConversation(knownNewKey?: string): NewConversationGate | undefined;
  /** A new call (Vapi assistant-request): counts it, false = transfer to the business. */
  admitCall(callId: string): Promise<boolean>;
  /** A finished call's minutes, once per call; `run` executes SQL in the caller's transaction. */
  recordCallMinutes(run: SqlRunner, callId: string, seconds: number): Promise<void>;
  /** After the response: sends the alert emails a count just opened. */
  settle(): void;
}

export type SqlRunner = (text: string, values: unknown[]) => Promise<Array<Record<string, unknown>>>;

const SERVING_UNLIMITED: ChannelBilling = {
  serving: true,
  reason: null,
  newConversation: () => undefined,
  admitCall: async () => true,
  recordCallMinutes: async () => undefined,
  settle: () => undefined,
};

export const CALL_COUNTED_SQL = `INSERT INTO usage_events (tenant_id, id, metric, quantity, idempotency_key, occurred_at)
VALUES ($1, gen_random_uuid(), 'voice_call', 1, $2, now())
ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING id`;
export const MINUTES_USED_SQL = `SELECT used, ceiling FROM usage_counters WHERE tenant_id = $1 AND period = $2 AND metric = 'call_minutes'`;

export function channelBilling(tenant: { id: string; timezone: string }, billing: TenantBilling, now: number): ChannelBilling {
  if (!enforced) return SERVING_UNLIMITED;
  const standing = standingOf(billing, now);
  let noticesOpened = false;

  function request(metric: QuotaMetric, quantity: number, key: string, enforce: boolean): CountRequest | null {
    const quota = quotaOf(billing.limits, metric);
    if (!quota) return null;
    return {
      tenantId: tenant.id,
      period: monthBounds(new Date(now), tenant.timezone).month,
      metric,
      quantity,
      included: quota.included,
      ceiling: quota.ceiling,
      planCode: billing.plan,
      overageKey: `overage:${metric}:${key}`,
      meterEventName: billing.limits.overLimit === "meter" ? METER_EVENT_NAMES[metric] : null,
      enforce,
    };
  }

  function counted(outcome: CountOutcome): boolean {
    if (outcome.admitted && outcome.notices > 0) noticesOpened = true;
    return outcome.admitted;
  }

  function newConversation(knownNewKey?: string): NewConversationGate | undefined {
    if (!quotaOf(billing.limits, "conversations")) return undefined;
    const upfront = knownNewKey ? request("conversations", 1, knownNewKey, true) : null;
    return {
      admit: async (tx, conversationId) => counted(await countUsage(tx, request("conversations", 1, conversationId, true)!)),
      // A first row is inserted unchecked (usage-counter.ts): a plan with no allowance never sends it.
      ...(upfront && upfront.ceiling >= 1 ? { upfront: { statement: countStatement(upfront), admitted: (rows) => counted(readCount(rows)) } } : {}),
    };
  }

  return {
    serving: standing.serving,
    reason: standing.reason,
    newConversation,
    async admitCall(callId) {
      const conversations = request("conversations", 1, `voice:${callId}`, true);
      const minutes = billing.limits.channels.includes("voice") ? request("call_minutes", 0, callId, true) : null;
      if (!conversations && !minutes) return true;
      // Both reads travel with BEGIN; a refusal rolls the call's marker back with the rest.
      const opening = [
        ...(minutes ? [{ text: MINUTES_USED_SQL, values: [tenant.id, minutes.period] }] : []),
        // A redelivered assistant-request for the same call is not a second conversation.
        ...(conversations ? [{ text: CALL_COUNTED_SQL, values: [tenant.id, `voice_call:${callId}`] }] : []),
      ];
      return inTenantTransaction(tenantDb().pool, opening, async (tx, opened) => {
        const refuse = { closing: [], value: false, rollback: true };
        if (minutes) {
          const row = opened[0]?.[0] as { used: number; ceiling: number } | undefined;
          if (row && row.used >= minutes.ceiling) return refuse;
        }
        if (conversations && opened[opened.length - 1]?.length) {
          const outcome = await countUsage(tx, conversations);
          if (!outcome.admitted) return refuse;
          if (outcome.notices > 0) noticesOpened = true;
        }
        return { closing: [], value: true };
      });
    },
    async recordCallMinutes(run, callId, seconds) {
      const r = request("call_minutes", Math.max(1, Math.ceil(seconds / 60)), callId, false);
      if (!r || seconds <= 0) return;
      const { text, values } = countStatement(r);
      const outcome = readCount(await run(text, values));
      if (outcome.admitted && outcome.notices > 0) noticesOpened = true;
    },
    settle() {
      if (!noticesOpened) return;
      noticesOpened = false;
      void deliverBillingNotices().catch((error: unknown) => logger().warn({ err: error }, "billing notices not delivered yet"));
    },
  };
}
