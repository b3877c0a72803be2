import "server-only";
import { registerJob } from "@/lib/jobs";
import { runOwnerExports } from "./owner-export-build";

/*
 * Owner data exports are built within a minute of the request, by one job per
 * tenant and minute (like the messaging outbox): the request only writes a
 * queued row. Suspended and cancelled tenants included: a business that has
 * left may still take its data away. A build never throws for a bad export
 * (the row records the failure), so retries only cover a database outage.
 */
registerJob("tenant-data.export", (job) => runOwnerExports(job.now).then(() => undefined), {
  schedule: { every: "minute" },
  retryLimit: 1,
  retryDelaySeconds: 30,
  expireInSeconds: 20 * 60,
});
