import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createJobRunner, createManualClock, type JobContext, type JobRunner } from "@/lib/jobs";
import type { JobDefinition } from "@/lib/jobs/registry";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { insertTenant } from "../support/tenant-fixtures";

/*
 * The job runner on real PostgreSQL with pg-boss 10: two runners ticking at
 * once run each tenant's job for a period once; a rerun runs nothing; the
 * next period runs again; a failed job is retried by a later tick; every job
 * runs in its tenant's context, so RLS shows it its own rows only.
 */

let db: TestDatabase;
let admin: pg.Client;
let A: string;
let B: string;
const clock = createManualClock("2027-03-01T08:00:00Z");
const runs: { name: string; tenantId: string; key: string; visible: string[]; now: string }[] = [];
const runners: JobRunner[] = [];
let failOnce = true;
let release: () => void = () => undefined;
let slowStartedResolve: () => void = () => undefined;
const slowStarted = new Promise<void>((resolve) => (slowStartedResolve = resolve));

async function visibleTenants(): Promise<string[]> {
  const { tenantDb } = await import("@/lib/db");
  return (await tenantDb().tenant.findMany({ select: { id: true } })).map((t) => t.id);
}

function record(name: string) {
  return async (job: JobContext) => {
    runs.push({ name, tenantId: job.tenantId, key: job.key, visible: await visibleTenants(), now: job.now.toISOString() });
  };
}

const jobs: JobDefinition[] = [
  { name: "test.daily", handler: record("test.daily"), options: { schedule: { every: "day" } } },
  { name: "test.trials", handler: record("test.trials"), options: { schedule: { every: "hour" }, tenants: (t) => t.status === "trial" && t.id === A } },
  { name: "test.adhoc", handler: record("test.adhoc"), options: {} },
  {
    name: "test.flaky",
    handler: async (job) => {
      if (failOnce) {
        failOnce = false;
        throw new Error("provider timed out");
      }
      await record("test.flaky")(job);
    },
    options: { retryDelaySeconds: 0 },
  },
  {
    name: "test.slow",
    handler: async (job) => {
      const released = new Promise<void>((resolve) => (release = resolve));
      slowStartedResolve();
      await released;
      await record("test.slow")(job);
    },
    options: {},
  },
];

function runner(): JobRunner {
  const r = createJobRunner({ clock, queueUrl: db.adminUrl, jobs });
  runners.push(r);
  return r;
}

beforeAll(async () => {
  db = await createTestDatabase("jobs");
  process.env.DATABASE_URL = db.adminUrl;
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  A = await insertTenant(admin, "jobs-a");
  B = await insertTenant(admin, "jobs-b");
}, 120_000);

afterAll(async () => {
  for (const r of runners) await r.stop(1_000);
  const { closeAppDatabases } = await import("@/lib/db");
  await closeAppDatabases();
  await admin?.end();
  await db?.drop();
});

it("two runners at once run each tenant's job for the period once, inside that tenant", async () => {
  const [one, two] = [runner(), runner()];
  const [a, b] = await Promise.all([one.runDue(), two.runDue()]);
  expect(a.enqueued + b.enqueued).toBe(3); // daily × 2 tenants + the trial job for A
  const daily = runs.filter((r) => r.name === "test.daily");
  expect(daily.map((r) => r.tenantId).sort()).toEqual([A, B].sort());
  expect(daily.every((r) => r.key === "2027-03-01" && r.now === "2027-03-01T08:00:00.000Z")).toBe(true);
  for (const r of runs) expect(r.visible).toEqual([r.tenantId]);
  expect(runs.filter((r) => r.name === "test.trials").map((r) => r.tenantId)).toEqual([A]);

  // A rerun, on either runner, finds nothing to do.
  const again = await Promise.all([one.runDue(), two.runDue()]);
  expect(again.map((s) => s.enqueued + s.completed)).toEqual([0, 0]);
  expect(runs).toHaveLength(3);
  const ledger = await admin.query("SELECT count(*)::int AS n FROM jobs.runs WHERE state = 'completed'");
  expect(ledger.rows[0].n).toBe(3);
});

it("runs again in the next period, decided by the clock, not the wall", async () => {
  clock.advance(60 * 60 * 1000);
  await runners[0]!.runDue();
  expect(runs.filter((r) => r.name === "test.trials")).toHaveLength(2);
  expect(runs.filter((r) => r.name === "test.daily")).toHaveLength(2);
  clock.advance(24 * 60 * 60 * 1000);
  await Promise.all([runners[0]!.runDue(), runners[1]!.runDue()]);
  expect(runs.filter((r) => r.name === "test.daily" && r.key === "2027-03-02").map((r) => r.tenantId).sort()).toEqual([A, B].sort());
});

it("enqueues an ad-hoc job once per key", async () => {
  const r = runners[0]!;
  expect(await r.enqueue("test.adhoc", B, "meter:2027-03")).toBe(true);
  expect(await r.enqueue("test.adhoc", B, "meter:2027-03")).toBe(false);
  await Promise.all([r.runDue(), runners[1]!.runDue()]);
  expect(runs.filter((x) => x.name === "test.adhoc")).toEqual([expect.objectContaining({ tenantId: B, key: "meter:2027-03", visible: [B] })]);
  await expect(r.enqueue("test.unknown", B, "x")).rejects.toThrow(/no job registered/);
});

it("retries a failed job on a later tick and records the attempts", async () => {
  const r = runners[0]!;
  await r.enqueue("test.flaky", A, "once");
  // pg-boss schedules the retry by the database's time; a later tick (or the same one) picks it up.
  const totals = { failed: 0, completed: 0 };
  for (let i = 0; i < 50 && totals.completed === 0; i++) {
    const summary = await r.runDue();
    totals.failed += summary.failed;
    totals.completed += summary.completed;
  }
  expect(totals).toEqual({ failed: 1, completed: 1 });
  const done = await admin.query("SELECT state, attempts FROM jobs.runs WHERE queue = 'test.flaky'");
  expect(done.rows[0]).toEqual({ state: "completed", attempts: 2 });
  expect(runs.filter((x) => x.name === "test.flaky")).toHaveLength(1);
});

it("stop() waits for the job in flight", async () => {
  const r = runner();
  await r.enqueue("test.slow", B, "slow");
  const tick = r.runDue();
  await slowStarted;
  let stopped = false;
  const stopping = r.stop(5_000).then(() => (stopped = true));
  await new Promise((resolve) => setImmediate(resolve));
  expect(stopped).toBe(false);
  release();
  await tick;
  await stopping;
  expect(runs.filter((x) => x.name === "test.slow")).toHaveLength(1);
});

it("forgets scheduled runs a week past their period, and keeps every ad-hoc key", async () => {
  const before = await admin.query("SELECT queue, singleton_key FROM jobs.runs WHERE state = 'completed' ORDER BY 1, 2");
  expect(before.rows.some((r) => r.queue === "test.daily")).toBe(true);
  clock.advance(8 * 24 * 60 * 60 * 1000);
  await runners[0]!.runDue();
  const after = await admin.query("SELECT queue, singleton_key FROM jobs.runs WHERE state = 'completed' ORDER BY 1, 2");
  const daily = after.rows.filter((r) => r.queue === "test.daily").map((r) => r.singleton_key.split(":")[1]);
  // Only today's daily runs are left; the ad-hoc meter key still refuses a second enqueue.
  expect(new Set(daily)).toEqual(new Set([clock.now().toISOString().slice(0, 10)]));
  expect(after.rows.filter((r) => r.queue === "test.adhoc")).toHaveLength(1);
  expect(await runners[0]!.enqueue("test.adhoc", B, "meter:2027-03")).toBe(false);
});
