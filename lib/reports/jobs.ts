import "server-only";
import { registerJob, type JobTenant } from "@/lib/jobs";
import { produceDueReports } from "./daily-report";

/*
 * The daily report job. The runner's periods are UTC minutes, hours, days or
 * months; a tenant's report hour is local (and zones with half-hour offsets
 * exist), so the job is enqueued every tenth minute and decides for itself
 * whether a local date is due: at most ten minutes late, and a missed tick
 * is caught up by the next one.
 */

export const REPORT_EVERY_MINUTES = 10;

registerJob("reports.daily", (job) => produceDueReports(job.now).then(() => undefined), {
  schedule: { every: "minute" },
  tenants: (t: JobTenant, now) => t.status !== "cancelled" && now.getUTCMinutes() % REPORT_EVERY_MINUTES === 0,
});
