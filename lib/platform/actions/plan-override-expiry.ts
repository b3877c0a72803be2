import "server-only";
import { tenantDb } from "@/lib/db";
import { registerJob, type JobTenant } from "@/lib/jobs";
import { requireTenantId } from "@/lib/tenancy";

/*
 * A plan set by support ends at its date: the tenant's own plan (kept in
 * plan_override_base, and updated there by any subscription change meanwhile)
 * applies again. Checked every minute for the tenants that are due, on the
 * runner's clock, as the app role in the tenant's context: the trigger lets
 * that role end an override, never start one.
 */

/** Ends the current tenant's override if it is due at `now`; true when it ended. */
export async function endDuePlanOverride(now: Date): Promise<boolean> {
  const count = await tenantDb().$executeRaw`
    UPDATE tenants SET plan = plan_override_base, plan_override_base = NULL, plan_override_until = NULL
    WHERE id = ${requireTenantId("endDuePlanOverride")}::uuid AND plan_override_until IS NOT NULL AND plan_override_until <= ${now}`;
  return count > 0;
}

registerJob("platform.plan-override-expiry", (job) => endDuePlanOverride(job.now).then(() => undefined), {
  schedule: { every: "minute" },
  tenants: (t: JobTenant, now) => t.planOverrideUntil !== null && t.planOverrideUntil.getTime() <= now.getTime(),
});
