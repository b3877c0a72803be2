import { closeAppDatabases } from "../lib/db";
import "../lib/jobs/all-jobs";
import { createJobRunner, registeredJobs } from "../lib/jobs";
import { describeError, logger } from "../lib/observability";
import { cellsConfig } from "../lib/cells/cell-config";
import { startDirectorySync } from "../lib/cells/directory-sync";

/*
 * `npm run worker`: the job runner on its own (production). It ticks every
 * JOB_TICK_SECONDS (default 30); SIGTERM stops ticking, lets the job in
 * flight finish (up to SHUTDOWN_TIMEOUT_MS), then closes the pools. Several
 * workers may run at once: each job still runs once.
 */

const tickSeconds = Number(process.env.JOB_TICK_SECONDS ?? 30);
const shutdownMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 15_000);
if (!Number.isFinite(tickSeconds) || tickSeconds < 1) throw new Error("JOB_TICK_SECONDS must be a number of seconds ≥ 1");

const runner = createJobRunner({ tickMs: tickSeconds * 1000, embedded: process.env.FRONTDESK_EMBEDDED_DB === "1" });
await runner.start();
// With several cells, this process also keeps the cells' copies of directory rows in step (lib/cells).
const directorySync = cellsConfig().routed ? await startDirectorySync() : null;
logger().info({ jobs: registeredJobs().map((j) => j.name), tickSeconds }, "job worker started");

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger().info({ signal }, "job worker stopping");
  try {
    await runner.stop(shutdownMs);
    await directorySync?.stop();
    await closeAppDatabases();
    process.exit(0);
  } catch (error) {
    logger().error({ err: describeError(error) }, "job worker stopped with an error");
    process.exit(1);
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(signal));
