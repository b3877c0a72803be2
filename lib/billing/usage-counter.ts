import "server-only";
import type { TenantTransaction } from "@/lib/db/tenant-transaction";
import type { QuotaMetric } from "./plan-catalogue";

/*
 * The per-tenant, per-period counter. One statement counts, refuses past the
 * ceiling, records the units over the allowance for the meter and opens the
 * 80% / 100% notices, so concurrent requests cannot overshoot (the upsert
 * locks the row and re-checks the ceiling) and a notice exists once per
 * period whatever the race. Runs only when something new is counted (a new
 * conversation, a finished call), never per turn.
 */

export const COUNT_SQL = `WITH c AS (
  INSERT INTO usage_counters (tenant_id, id, period, metric, used, included, ceiling, plan_code, updated_at)
  VALUES ($1, gen_random_uuid(), $2, $3, $4::int, $5::int, $6::int, $7, now())
  ON CONFLICT (tenant_id, period, metric) DO UPDATE
    SET used = usage_counters.used + EXCLUDED.used, included = EXCLUDED.included,
        ceiling = EXCLUDED.ceiling, plan_code = EXCLUDED.plan_code, updated_at = now()
    WHERE NOT $10::boolean OR usage_counters.used + EXCLUDED.used <= EXCLUDED.ceiling
  RETURNING used, included
), over AS (
  INSERT INTO usage_events (tenant_id, id, metric, quantity, idempotency_key, occurred_at, meter_event_name)
  SELECT $1, gen_random_uuid(), $3 || '_overage', LEAST($4::int, c.used - c.included), $8, now(), $9 FROM c
  WHERE $9::text IS NOT NULL AND c.used > c.included
  ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
), notice AS (
  INSERT INTO billing_notices (tenant_id, id, notice_key, kind, metric, period, level)
  SELECT $1, gen_random_uuid(), 'usage:' || $3 || ':' || $2 || ':' || l.level, 'usage_alert', $3, $2, l.level
  FROM c, (VALUES (80), (100)) AS l(level)
  WHERE c.included > 0
    AND c.used - $4::int < ceil(c.included * l.level / 100.0)
    AND c.used >= ceil(c.included * l.level / 100.0)
  ON CONFLICT (tenant_id, notice_key) DO NOTHING
  RETURNING level
)
SELECT c.used, c.included, (SELECT count(*)::int FROM notice) AS notices FROM c`;

export interface CountRequest {
  tenantId: string;
  period: string;
  metric: QuotaMetric;
  quantity: number;
  included: number;
  ceiling: number;
  planCode: string;
  /** Unique per counted thing: the overage's usage-event key, sent to Stripe as the meter identifier. */
  overageKey: string;
  /** The Stripe meter's event name on a metered plan; null when overage is not billed. */
  meterEventName: string | null;
  /** Refuse past the ceiling (admitting something new); false records what already happened (call minutes). */
  enforce: boolean;
}

export type CountOutcome = { admitted: true; used: number; included: number; notices: number } | { admitted: false };

export function countStatement(r: CountRequest) {
  return {
    text: COUNT_SQL,
    values: [r.tenantId, r.period, r.metric, r.quantity, r.included, r.ceiling, r.planCode, r.overageKey, r.meterEventName, r.enforce],
  };
}

export function readCount(rows: Array<Record<string, unknown>>): CountOutcome {
  const row = rows[0];
  if (!row) return { admitted: false };
  return { admitted: true, used: Number(row.used), included: Number(row.included), notices: Number(row.notices) };
}

export async function countUsage(tx: TenantTransaction, request: CountRequest): Promise<CountOutcome> {
  // A first row is inserted without the ceiling check: refuse it here instead.
  if (request.enforce && request.quantity > request.ceiling) return { admitted: false };
  const { text, values } = countStatement(request);
  return readCount(await tx.query(text, values));
}
