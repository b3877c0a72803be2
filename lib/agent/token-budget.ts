import "server-only";
import type { TenantDb } from "@/lib/db/tenant-db";
import { monthBounds } from "@/lib/usage/monthly-usage";
import type { PreparedReading } from "./model-turn-reading";
import type { TenantFacts } from "./tenant-facts";

/*
 * The plan's model tokens a month. Every model turn adds its tokens to the
 * month's counter in its closing statement (TURN_SQL.close) and gets the new
 * total back; this remembers the last total seen per tenant and month, so
 * deciding whether to ask the model costs no query, except once per process,
 * tenant and month. Past the limit the keyword engine answers: the caller is
 * never dropped. Another instance's usage is learnt at this instance's next
 * model turn, so each instance can overshoot by at most one turn.
 */

export const TOKEN_LIMIT_READING: PreparedReading = { model: null, reading: { ok: false, reason: "token_limit", totalTokens: null }, mark: null };

export interface TokenBudget {
  /** $16-$18 of TURN_SQL.close: the month, the plan's tokens (0 = unlimited) and the plan. */
  counterValues(facts: TenantFacts, now: Date): [string, number, string];
  /** Whether the month's tokens are used (a model-mode turn then reads with the keyword engine). */
  exhausted(db: TenantDb, tenantId: string, facts: TenantFacts, now: Date): Promise<boolean>;
  /** The counter's total, as a committed turn returned it. */
  learn(tenantId: string, facts: TenantFacts, now: Date, used: unknown): void;
}

export function createTokenBudget(): TokenBudget {
  const seen = new Map<string, number>();
  const period = (facts: TenantFacts, now: Date) => monthBounds(now, facts.timeZone).month;
  return {
    counterValues: (facts, now) => [period(facts, now), facts.plan.modelTokensPerMonth ?? 0, facts.plan.code],
    async exhausted(db, tenantId, facts, now) {
      const limit = facts.plan.modelTokensPerMonth;
      if (limit === null) return false;
      const month = period(facts, now);
      const key = `${tenantId}:${month}`;
      let used = seen.get(key);
      if (used === undefined) {
        const row = await db.usageCounter.findFirst({ where: { period: month, metric: "model_tokens" }, select: { used: true } });
        used = row?.used ?? 0;
        seen.set(key, used);
      }
      return used >= limit;
    },
    learn(tenantId, facts, now, used) {
      if (typeof used === "number" && Number.isFinite(used)) seen.set(`${tenantId}:${period(facts, now)}`, used);
    },
  };
}
