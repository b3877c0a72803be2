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
export { billingBanners, type BillingBanner } from "./banner";
export { assertConsoleWritable, CONFIGURATION_ACTIONS } from "./console-guard";
export { withinPlan, assertChannelInPlan } from "./plan-limits";
export { runTrialStep, runDunningStep, runCancellationStep, runUsageAlerts, dunningStep } from "./lifecycle";
export { reportMeterUsage } from "./meter-report";
export { syncStripeCatalogue } from "./stripe-sync";
