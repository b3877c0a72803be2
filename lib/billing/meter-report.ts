import "server-only";
import type Stripe from "stripe";
import { tenantDb } from "@/lib/db";
import { METER_CUSTOMER_KEY, METER_VALUE_KEY } from "./meters";

/*
 * Units over a metered plan's allowance, reported to Stripe Billing Meters in
 * batches by a job. Each usage event is sent with identifier = its own
 * idempotency key, which Stripe keeps unique: a report repeated after a
 * crash (sent, not yet marked) is refused as a duplicate and only marked
 * here, so a unit is never billed twice.
 */

export const METER_BATCH = 200;

type MeterClient = Pick<Stripe, "billing">;

interface Pending {
  id: string;
  meterEventName: string;
  quantity: number;
  idempotencyKey: string;
  occurredAt: Date;
}

const isDuplicateIdentifier = (error: unknown) =>
  (error as { type?: string; param?: string } | null)?.type === "StripeInvalidRequestError" &&
  (error as { param?: string }).param === "identifier";

/** Reports the current tenant's pending overage; returns how many events were reported. */
export async function reportMeterUsage(stripe: MeterClient, now: Date): Promise<number> {
  const db = tenantDb();
  const tenant = await db.tenant.findFirst({ select: { stripeCustomerId: true } });
  // Without a Stripe customer there is nobody to bill yet: the rows wait.
  if (!tenant?.stripeCustomerId) return 0;
  const pending = (await db.usageEvent.findMany({
    where: { meterEventName: { not: null }, meterReportedAt: null },
    select: { id: true, meterEventName: true, quantity: true, idempotencyKey: true, occurredAt: true },
    orderBy: { occurredAt: "asc" },
    take: METER_BATCH,
  })) as Pending[];
  let reported = 0;
  for (const row of pending) {
    try {
      await stripe.billing.meterEvents.create({
        event_name: row.meterEventName,
        identifier: row.idempotencyKey,
        timestamp: Math.floor(Math.min(row.occurredAt.getTime(), now.getTime()) / 1000),
        payload: { [METER_CUSTOMER_KEY]: tenant.stripeCustomerId, [METER_VALUE_KEY]: String(row.quantity) },
      });
    } catch (error) {
      if (!isDuplicateIdentifier(error)) throw error;
    }
    await db.usageEvent.updateMany({ where: { id: row.id, meterReportedAt: null }, data: { meterReportedAt: now } });
    reported++;
  }
  return reported;
}
