import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/http";
import { PLAN_CODES } from "@/lib/billing/plan-catalogue";
import { defineTenantAction, instantSchema, reasonSchema, type ActionTenant } from "./action-types";

// Support grants time, not gifts: a free plan or trial without an end would never come back to billing.
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_OVERRIDE_MS = 366 * DAY_MS;
const MAX_TRIAL_AHEAD_MS = 90 * DAY_MS;

/*
 * Suspension by support, plan override and trial extension. The columns and
 * the trigger of migration 20261206192000 keep billing (Stripe webhooks,
 * lifecycle jobs) from lifting a support suspension or replacing an
 * overridden plan: their writes land in support_resume_status and
 * plan_override_base and apply when support's decision ends.
 */

const conflict = (message: string, field?: string) => new ApiError("conflict", field ? `${field}: ${message}` : message, field);

export const suspendAction = defineTenantAction({
  name: "suspend",
  audit: "tenant.support_suspended",
  input: z.object({ reason: reasonSchema }),
  check(_input, tenant) {
    if (tenant.supportSuspendedAt) throw conflict("This workspace is already suspended by support.");
  },
  // The reason is shown to the owner: in their Activity and on the console banner.
  describe: (input, tenant) => ({ target: `tenant:${tenant.id}`, metadata: { reason: input.reason, previousStatus: tenant.status } }),
  async run({ db, tenant, input, now }) {
    const count = await db.$executeRaw`
      UPDATE tenants SET support_suspended_at = ${now}, support_suspension_reason = ${input.reason},
        support_resume_status = status, status = 'suspended', suspended_at = COALESCE(suspended_at, ${now})
      WHERE id = ${tenant.id}::uuid AND support_suspended_at IS NULL`;
    if (count === 0) throw conflict("This workspace is already suspended by support.");
    return { status: "suspended", suspendedAt: now.toISOString() };
  },
});

export const reactivateAction = defineTenantAction({
  name: "reactivate",
  audit: "tenant.support_reactivated",
  input: z.object({ reason: reasonSchema }),
  check(_input, tenant) {
    // A billing suspension is lifted by paying, never by support's button.
    if (!tenant.supportSuspendedAt) throw conflict("This workspace is not suspended by support; a billing suspension ends when the invoice is paid.");
  },
  describe: (input, tenant) => ({ target: `tenant:${tenant.id}`, metadata: { reason: input.reason, resumeStatus: tenant.supportResumeStatus } }),
  async run({ db, tenant }) {
    const rows = await db.$queryRaw<Array<{ status: string }>>`
      UPDATE tenants SET status = support_resume_status,
        suspended_at = CASE WHEN support_resume_status = 'suspended' THEN suspended_at END,
        support_suspended_at = NULL, support_suspension_reason = NULL, support_resume_status = NULL
      WHERE id = ${tenant.id}::uuid AND support_suspended_at IS NOT NULL
      RETURNING status::text AS status`;
    if (!rows[0]) throw conflict("This workspace is not suspended by support.");
    return { status: rows[0].status };
  },
});

export const overridePlanAction = defineTenantAction({
  name: "override-plan",
  audit: "tenant.plan_overridden",
  input: z.object({
    plan: z.enum(PLAN_CODES, { message: "Choose a plan: starter, pro, business or custom" }),
    until: instantSchema("Give the end of the override as a date, like 2027-01-31"),
    reason: reasonSchema,
  }),
  check(input, _tenant, now) {
    if (input.until.getTime() <= now.getTime()) throw new ApiError("bad_request", "until: The override must end in the future.", "until");
    if (input.until.getTime() > now.getTime() + MAX_OVERRIDE_MS) throw new ApiError("bad_request", "until: An override lasts one year at most; set it again later if needed.", "until");
  },
  describe: (input, tenant) => ({
    target: `tenant:${tenant.id}`,
    metadata: { plan: input.plan, until: input.until.toISOString(), previousPlan: tenant.plan },
  }),
  async run({ db, tenant, input }) {
    // The marker tells the trigger this write is the override itself, not a subscription changing the plan underneath.
    await db.$transaction([
      db.$executeRaw`SELECT set_config('frontdesk.plan_override_write', 'on', true)`,
      db.$executeRaw`UPDATE tenants SET plan_override_base = COALESCE(plan_override_base, plan), plan = ${input.plan},
        plan_override_until = ${input.until} WHERE id = ${tenant.id}::uuid`,
    ]);
    return { plan: input.plan, until: input.until.toISOString() };
  },
});

/** On a trial, or suspended because it ended (not for an unpaid invoice), whatever support's own suspension says. */
function trialBased(tenant: ActionTenant): boolean {
  const status = tenant.supportResumeStatus ?? tenant.status;
  return status === "trial" || (status === "suspended" && tenant.pastDueSince === null && tenant.trialEndsAt !== null);
}

export const extendTrialAction = defineTenantAction({
  name: "extend-trial",
  audit: "tenant.trial_extended",
  input: z.object({ endsAt: instantSchema("Give the new end of the trial as a date, like 2027-01-31"), reason: reasonSchema }),
  check(input, tenant, now) {
    if (!trialBased(tenant)) throw conflict("This workspace is not on a trial; change its plan instead.", "endsAt");
    if (input.endsAt.getTime() <= now.getTime()) throw new ApiError("bad_request", "endsAt: The new end must be in the future.", "endsAt");
    if (input.endsAt.getTime() > now.getTime() + MAX_TRIAL_AHEAD_MS) throw new ApiError("bad_request", "endsAt: A trial can be extended to 90 days from today at most.", "endsAt");
    if (tenant.trialEndsAt && input.endsAt.getTime() <= tenant.trialEndsAt.getTime()) {
      throw new ApiError("bad_request", `endsAt: The new end must be later than the current one (${tenant.trialEndsAt.toISOString()}).`, "endsAt");
    }
  },
  describe: (input, tenant) => ({
    target: `tenant:${tenant.id}`,
    metadata: { from: tenant.trialEndsAt?.toISOString() ?? null, to: input.endsAt.toISOString() },
  }),
  async run({ db, tenant, input, now }) {
    // Back on the trial; under a support suspension the trigger keeps it suspended and resumes it as a trial later.
    const count = await db.$executeRaw`
      UPDATE tenants SET trial_ends_at = ${input.endsAt}, status = 'trial', suspended_at = NULL
      WHERE id = ${tenant.id}::uuid AND ${input.endsAt} > GREATEST(${now}, COALESCE(trial_ends_at, ${now}))
        AND (COALESCE(support_resume_status, status) = 'trial'
          OR (COALESCE(support_resume_status, status) = 'suspended' AND past_due_since IS NULL AND trial_ends_at IS NOT NULL))`;
    if (count === 0) throw conflict("The trial changed meanwhile; reload and try again.", "endsAt");
    return { trialEndsAt: input.endsAt.toISOString() };
  },
});
