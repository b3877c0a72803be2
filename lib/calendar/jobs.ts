import "server-only";
import { registerJob, type JobTenant } from "@/lib/jobs";
import { syncCalendars } from "./sync-pass";

/*
 * Calendar sync runs once per tenant and minute. A calendar failure never
 * fails the job: each event row keeps its own retries and backoff, and the
 * connection records the error for the console.
 */

const SILENT: ReadonlySet<string> = new Set(["cancelled", "suspended"]);

registerJob("calendar.sync", (job) => syncCalendars(job.now).then(() => undefined), {
  schedule: { every: "minute" },
  tenants: (t: JobTenant) => !SILENT.has(t.status),
  retryLimit: 1,
  retryDelaySeconds: 30,
  expireInSeconds: 5 * 60,
});
