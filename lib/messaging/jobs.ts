import "server-only";
import { registerJob, type JobTenant } from "@/lib/jobs";
import { dispatchClientMessages } from "./dispatch";

/*
 * Client messages go out from one job per tenant and minute: confirmations
 * queued by bookings since the last run, and reminders that fell due. The
 * job itself never fails for one message (the outbox row keeps its own
 * retries), so a rerun of the same minute has nothing to repeat.
 */

const SILENT: ReadonlySet<string> = new Set(["cancelled", "suspended"]);

registerJob("messaging.dispatch", (job) => dispatchClientMessages(job.now).then(() => undefined), {
  schedule: { every: "minute" },
  tenants: (t: JobTenant) => !SILENT.has(t.status),
  retryLimit: 1,
  retryDelaySeconds: 30,
  expireInSeconds: 5 * 60,
});
