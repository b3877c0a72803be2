import "server-only";
import type { QuotaMetric } from "./plan-catalogue";

/*
 * The Stripe Billing Meters overage is reported to, shared by the sync that
 * creates them, the counter that records overage and the job that sends it:
 * a meter event reaches a charge only when its event_name is an active
 * meter's and its payload carries the meter's customer and value keys.
 * The billing_meters rows (20261206175500_billing_meters) use the same names.
 */

export const OVERAGE_METERS: Record<QuotaMetric, { eventName: string; displayName: string }> = {
  conversations: { eventName: "frontdesk_overage_conversations", displayName: "Frontdesk conversations over the plan" },
  call_minutes: { eventName: "frontdesk_overage_call_minutes", displayName: "Frontdesk call minutes over the plan" },
};

/** Meter event names of the Stripe Billing Meters overage is reported to. */
export const METER_EVENT_NAMES: Record<QuotaMetric, string> = {
  conversations: OVERAGE_METERS.conversations.eventName,
  call_minutes: OVERAGE_METERS.call_minutes.eventName,
};

/** customer_mapping.event_payload_key: the event names its customer by Stripe id. */
export const METER_CUSTOMER_KEY = "stripe_customer_id";
/** value_settings.event_payload_key: the units of one event, summed per period. */
export const METER_VALUE_KEY = "value";

/** A Stripe price bills usage (a meter), not a quantity: never a plan's flat price. */
export function isMeteredPrice(price: { recurring?: { usage_type?: string | null } | null } | null | undefined): boolean {
  return price?.recurring?.usage_type === "metered";
}
