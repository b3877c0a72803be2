import "server-only";
import PgBoss from "pg-boss";
import pg from "pg";
import { databaseUrls } from "@/lib/db/database-urls";
import { describeError, logger, registerJobQueueDepth } from "@/lib/observability";
import { runAsTenant } from "@/lib/tenancy";
import { periodKey, systemClock, type Clock } from "./clock";
import { registeredJobs, type JobDefinition, type JobTenant } from "./registry";

/*
 * The job runner: pg-boss 10 is the durable queue (retries, expiry, one
 * worker per job through SKIP LOCKED); jobs.runs makes each singleton key
 * enqueue once, ever; the Clock decides what is due. runDue() enqueues every
 * scheduled job due now and drains the queues, which is all a tick does, so
 * tests advance a manual clock and call it instead of waiting.
 */

export interface JobRunnerOptions {
  clock?: Clock;
  /** Owner connection for the pgboss and jobs schemas; DATABASE_URL by default. */
  queueUrl?: string;
  /** How often start() ticks (default 30 s). */
  tickMs?: number;
  /** The embedded dev database serves one client at a time: hold one connection, briefly. */
  embedded?: boolean;
  jobs?: JobDefinition[];
}

export interface RunSummary {
  enqueued: number;
  completed: number;
  failed: number;
}

export interface JobRunner {
  start(): Promise<void>;
  /** Stops ticking, waits for jobs in flight (up to timeoutMs), closes the queue. */
  stop(timeoutMs?: number): Promise<void>;
  runDue(): Promise<RunSummary>;
  /** Enqueues `name` for a tenant once per key; false when that key was already enqueued. */
  enqueue(name: string, tenantId: string, key: string, data?: unknown): Promise<boolean>;
}

interface Payload {
  tenantId: string;
  key: string;
  data: unknown;
}

const RUNS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;
const SETUP_LOCK = 72707370;

type Executor = { executeSql: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> };

export function createJobRunner(options: JobRunnerOptions = {}): JobRunner {
  const clock = options.clock ?? systemClock;
  const jobs = new Map((options.jobs ?? registeredJobs()).map((j) => [j.name, j]));
  const pool = new pg.Pool({
    connectionString: options.queueUrl ?? databaseUrls().migration,
    max: options.embedded ? 1 : 4,
    idleTimeoutMillis: options.embedded ? 20 : 10_000,
    application_name: "frontdesk-jobs",
  });
  pool.on("error", (error) => logger().warn({ err: describeError(error) }, "job queue connection lost"));
  const db: Executor = { executeSql: (text, values) => pool.query(text, values) };
  const boss = new PgBoss({
    db,
    schema: "pgboss",
    // The runner schedules by its own clock; pg-boss's cron and its maintenance
    // loops would hold the embedded database's only connection.
    schedule: false,
    supervise: !options.embedded,
  } as PgBoss.ConstructorOptions);
  boss.on("error", (error) => logger().warn({ err: describeError(error) }, "job queue error"));

  let started: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<RunSummary> | null = null;
  let stopping = false;

  async function ensureStarted(): Promise<void> {
    started ??= (async () => {
      // Runners starting together would race pg-boss's migration and queue
      // DDL into deadlocks: one at a time, under an advisory lock. (The
      // embedded database has one runner and one connection: no lock.)
      const lock = options.embedded ? null : await pool.connect();
      try {
        await lock?.query("SELECT pg_advisory_lock($1)", [SETUP_LOCK]);
        await boss.start();
        for (const job of jobs.values()) {
          if (await boss.getQueue(job.name)) continue;
          const retryDelay = job.options.retryDelaySeconds ?? 30;
          await boss.createQueue(job.name, {
            name: job.name,
            policy: "standard",
            retryLimit: job.options.retryLimit ?? 3,
            retryDelay,
            retryBackoff: retryDelay > 0,
            expireInSeconds: job.options.expireInSeconds ?? 15 * 60,
          });
        }
      } finally {
        await lock?.query("SELECT pg_advisory_unlock($1)", [SETUP_LOCK]).catch(() => undefined);
        lock?.release();
      }
    })();
    return started;
  }

  async function enqueue(name: string, tenantId: string, key: string, data: unknown = null): Promise<boolean> {
    if (!jobs.has(name)) throw new Error(`enqueue: no job registered as "${name}"`);
    await ensureStarted();
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const claimed = await client.query(
        `INSERT INTO jobs.runs (queue, singleton_key, tenant_id, enqueued_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [name, `${tenantId}:${key}`, tenantId, clock.now()],
      );
      if (claimed.rowCount === 0) {
        await client.query("ROLLBACK");
        return false;
      }
      const payload: Payload = { tenantId, key, data };
      const id = await boss.send(name, payload as object, { db: { executeSql: (t: string, v?: unknown[]) => client.query(t, v) } } as PgBoss.SendOptions);
      await client.query("UPDATE jobs.runs SET job_id = $3 WHERE queue = $1 AND singleton_key = $2", [name, `${tenantId}:${key}`, id]);
      await client.query("COMMIT");
      return true;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function tenants(): Promise<JobTenant[]> {
    const { rows } = await pool.query("SELECT * FROM jobs.tenants_for_jobs()");
    return rows.map((r) => ({
      id: String(r.id),
      status: String(r.status),
      plan: String(r.plan),
      trialEndsAt: r.trial_ends_at as Date | null,
      pastDueSince: r.past_due_since as Date | null,
      suspendedAt: r.suspended_at as Date | null,
      cancelledAt: r.cancelled_at as Date | null,
      planOverrideUntil: (r.plan_override_until as Date | null) ?? null,
    }));
  }

  async function enqueueScheduled(now: Date): Promise<number> {
    const scheduled = [...jobs.values()].filter((j) => j.options.schedule);
    if (scheduled.length === 0) return 0;
    const all = await tenants();
    let enqueued = 0;
    for (const job of scheduled) {
      const period = periodKey(job.options.schedule!.every, now);
      for (const tenant of all) {
        if (job.options.tenants && !job.options.tenants(tenant, now)) continue;
        if (await enqueue(job.name, tenant.id, period)) enqueued++;
      }
    }
    return enqueued;
  }

  async function finish(name: string, payload: Payload, state: "completed" | "failed", error?: string): Promise<void> {
    await pool.query(
      `UPDATE jobs.runs SET state = $3, attempts = attempts + 1, last_error = $4, finished_at = CASE WHEN $3 = 'completed' THEN $5::timestamptz END
       WHERE queue = $1 AND singleton_key = $2`,
      [name, `${payload.tenantId}:${payload.key}`, state, error ?? null, clock.now()],
    );
  }

  async function drain(summary: RunSummary): Promise<void> {
    for (const job of jobs.values()) {
      for (;;) {
        if (stopping) return;
        const batch = await boss.fetch<Payload>(job.name, { batchSize: 5, includeMetadata: true });
        if (batch.length === 0) break;
        for (const item of batch) {
          const payload = item.data;
          try {
            await runAsTenant(payload.tenantId, () =>
              job.handler({ jobId: item.id, name: job.name, tenantId: payload.tenantId, key: payload.key, data: payload.data as never, now: clock.now(), attempt: (item as { retryCount?: number }).retryCount ?? 0 }),
            );
            await boss.complete(job.name, item.id);
            await finish(job.name, payload, "completed");
            summary.completed++;
          } catch (error) {
            // The message only: a job's error may quote data, never a stack or secret.
            const message = error instanceof Error ? error.message.slice(0, 500) : "job failed";
            logger().warn({ job: job.name, tenantId: payload.tenantId, err: describeError(error) }, "job failed");
            await boss.fail(job.name, item.id, { message });
            await finish(job.name, payload, "failed", message);
            summary.failed++;
          }
        }
      }
    }
  }

  // A scheduled run's key is its period, never enqueued again once past: a
  // week on, its row guards nothing (per-minute jobs would leave 1,440 rows per
  // tenant a day). Ad-hoc keys are callers' idempotency keys and stay.
  const scheduled = [...jobs.values()].filter((j) => j.options.schedule).map((j) => j.name);
  async function pruneRuns(now: Date): Promise<void> {
    await pool.query(
      `DELETE FROM jobs.runs WHERE ctid IN (SELECT ctid FROM jobs.runs WHERE queue = ANY($2) AND state = 'completed' AND finished_at < $1 LIMIT 5000)`,
      [new Date(now.getTime() - RUNS_KEPT_MS), scheduled],
    );
  }

  async function runDue(): Promise<RunSummary> {
    await ensureStarted();
    // One tick at a time per runner; a second call waits for the first.
    while (running) await running.catch(() => undefined);
    running = (async () => {
      const summary: RunSummary = { enqueued: await enqueueScheduled(clock.now()), completed: 0, failed: 0 };
      await drain(summary);
      await pruneRuns(clock.now());
      return summary;
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  }

  return {
    enqueue,
    runDue,
    async start() {
      await ensureStarted();
      registerJobQueueDepth(async () => {
        const depth: Record<string, number> = {};
        for (const name of jobs.keys()) depth[name] = await boss.getQueueSize(name);
        return depth;
      });
      const tick = () => {
        if (stopping) return;
        runDue()
          .catch((error: unknown) => logger().warn({ err: describeError(error) }, "job tick failed"))
          .finally(() => {
            if (!stopping) timer = setTimeout(tick, options.tickMs ?? 30_000);
          });
      };
      tick();
    },
    async stop(timeoutMs = 15_000) {
      if (stopping) return;
      stopping = true;
      if (timer) clearTimeout(timer);
      if (running) {
        await Promise.race([running.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      }
      if (started) await started.then(() => boss.stop({ graceful: false, wait: true, close: false })).catch(() => undefined);
      await pool.end();
    },
  };
}
