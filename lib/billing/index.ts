import "server-only";
export { stripeWebhookRoute, handleStripeWebhook, type StripeWebhookOptions } from "./stripe-webhook";
export { channelBilling, billingEnforced, type ChannelBilling, type TenantBilling } from "./channel-billing";
export { standingOf, type Standing } from "./standing";
export { deliverBillingNotices } from "./notices";
export { politeReply, voiceTransferAnswer } from "./polite-reply";
export {
  PLAN_CODES,
  currencyForRegion,
  lookupKeyOf,
  parseLookupKey,
  parsePlanLimits,
  quotaOf,
  type PlanLimits,
  type PlanCode,
  type QuotaMetric,
} from "./plan-catalogue";
