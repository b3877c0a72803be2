import "server-only";
import { registerJob, type JobTenant } from "@/lib/jobs";
import { runCancellationStep, runDunningStep, runTrialStep, runUsageAlerts, DAY_MS } from "./lifecycle";
import { reportMeterUsage } from "./meter-report";
import { enforceDataRetention } from "./retention";
import { stripeClient } from "./stripe-client";

/*
 * The billing jobs, registered with the job runner (lib/jobs/all-jobs.ts
 * imports this file). Each runs per tenant in that tenant's context, once per
 * tenant and period (the runner's singleton key), with the runner's clock.
 */

const METERED: ReadonlySet<string> = new Set(["pro", "business", "custom"]);

registerJob("billing.trial", (job) => runTrialStep(job.now).then(() => undefined), {
  schedule: { every: "hour" },
  tenants: (t: JobTenant, now) => t.status === "trial" && !!t.trialEndsAt && t.trialEndsAt.getTime() - now.getTime() <= 3 * DAY_MS,
});

registerJob("billing.dunning", (job) => runDunningStep(job.now).then(() => undefined), {
  schedule: { every: "hour" },
  tenants: (t: JobTenant) => t.status === "past_due",
});

registerJob("billing.cancellation", (job) => runCancellationStep(job.now).then(() => undefined), {
  schedule: { every: "day" },
  tenants: (t: JobTenant) => t.status === "cancelled",
});

registerJob("billing.usage-alerts", (job) => runUsageAlerts(job.now).then(() => undefined), {
  schedule: { every: "hour" },
  tenants: (t: JobTenant) => t.status !== "cancelled",
});

registerJob(
  "billing.meter-report",
  async (job) => {
    const stripe = stripeClient();
    if (stripe) await reportMeterUsage(stripe, job.now);
  },
  { schedule: { every: "hour" }, tenants: (t: JobTenant) => METERED.has(t.plan) && t.status !== "cancelled" },
);

// Daily, every tenant: conversations older than the plan's retention are deleted.
registerJob("billing.data-retention", (job) => enforceDataRetention(job.now).then(() => undefined), { schedule: { every: "day" } });
