import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoTenants } from "@/prisma/seed/seed-demo-tenants";
import { startPostgresCluster, waitUntilAccepting, type PostgresCluster } from "../support/postgres-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/*
 * Fault drills on a PostgreSQL cluster of the test's own: a restart with
 * `-m fast` and with `-m immediate`, pg_terminate_backend of every app
 * backend, and a frozen server (SIGSTOP), each while twenty booking
 * conversations go through the real web chat route handler. Afterwards no
 * connection is stuck, the service is back within 2 s of the database
 * accepting connections, /api/ready was red during the outage and green
 * after, every booking a caller was told about is stored, and no slot is
 * booked twice. Every failed request is a 503 with Retry-After, never a
 * 500 or a hang past the deadline.
 */

const DEADLINE_MS = 3_000;
// A caller reads the reply before answering; without it twenty clients would hammer two shared cores.
const THINK_MS = 300;
const WORKERS = 20;
const POOL_SIZE = 10;
// Each drill runs for seconds of real time on a machine other tests share.
const DRILL_TIMEOUT_MS = 120_000;

let cluster: PostgresCluster;
let db: TestDatabase;
let widgetKey: string;
let POST: (request: Request) => Promise<Response>;
let READY: () => Promise<Response>;
let appPool: () => { totalCount: number; idleCount: number; waitingCount: number };
const logLines: Array<Record<string, unknown>> = [];

/** A statement as the superuser, on a connection of its own (the drills kill long-lived ones). */
async function adminQuery<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await client.query<R>(sql, values);
  } finally {
    await client.end().catch(() => undefined);
  }
}

beforeAll(async () => {
  cluster = await startPostgresCluster();
  db = await createTestDatabase("drill", cluster.url());
  const seedFile = path.join(os.tmpdir(), `${db.name}-seed.json`);
  const seeded = await seedDemoTenants({ url: db.adminUrl, seedFile });
  await rm(seedFile, { force: true });
  widgetKey = seeded.tenants.find((t) => t.slug === "cabinet-dupont")!.widgetKey;
  Object.assign(process.env, {
    DATABASE_URL: db.adminUrl,
    APP_DATABASE_URL: db.appUrl,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    DATABASE_CONNECT_TIMEOUT_MS: "1000",
    REQUEST_DEADLINE_MS: String(DEADLINE_MS),
    READY_TIMEOUT_MS: "500",
    CHAT_RATE_LIMIT_MAX: "1000000",
    // The 20 conversations are one tenant's and must reach every pooled
    // connection: its channel's admission (two at once) is opened wide here.
    CHANNEL_TENANT_CONCURRENCY: "1000",
    CHANNEL_TENANT_RATE: "100000",
    CHANNEL_TENANT_BURST: "100000",
    LOG_LEVEL: "info",
  });
  const { useLogDestination } = await import("@/lib/observability");
  useLogDestination(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n")) if (line) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );
  ({ POST } = await import("@/app/api/v1/chat/route"));
  ({ GET: READY } = await import("@/app/api/ready/route"));
  const { tenantDb } = await import("@/lib/db");
  appPool = () => tenantDb().pool;
}, 120_000);

afterAll(async () => {
  const { closeAppDatabases } = await import("@/lib/db");
  await closeAppDatabases();
  await cluster?.destroy();
});

beforeEach(async () => {
  await adminQuery("DELETE FROM appointments");
  logLines.length = 0;
});

interface Exchange {
  startedAt: number;
  endedAt: number;
  status: number;
}

interface Drill {
  exchanges: Exchange[];
  ready: Exchange[];
  acknowledged: Array<{ id: string; startsAt: string }>;
  unexpected: string[];
  stop: boolean;
}

/** The next weekdays from a week ahead, as "DD/MM" the date parser reads. */
function slots(): string[] {
  const out: string[] = [];
  const day = new Date(Date.now() + 7 * 86_400_000);
  while (out.length < 35) {
    if (day.getUTCDay() >= 1 && day.getUTCDay() <= 5) {
      const dm = `${String(day.getUTCDate()).padStart(2, "0")}/${String(day.getUTCMonth() + 1).padStart(2, "0")}`;
      for (const hour of [9, 10, 11, 14, 15, 16, 17]) out.push(`le ${dm} à ${hour}h`);
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}

async function chat(drill: Drill, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const startedAt = Date.now();
  const response = await POST(
    new Request("http://127.0.0.1:3000/api/v1/chat", {
      method: "POST",
      headers: { "content-type": "application/json", "x-tenant-key": widgetKey },
      body: JSON.stringify(body),
    }),
  );
  const json = (await response.json()) as Record<string, unknown>;
  drill.exchanges.push({ startedAt, endedAt: Date.now(), status: response.status });
  if (response.status === 503) {
    const error = json.error as { code?: string } | undefined;
    if (response.headers.get("retry-after") !== "2" || error?.code !== "service_unavailable") {
      drill.unexpected.push(`503 without Retry-After or standard body: ${JSON.stringify(json)}`);
    }
  } else if (response.status !== 200) {
    drill.unexpected.push(`${response.status}: ${JSON.stringify(json)}`);
  }
  return { status: response.status, json };
}

/** One turn, repeated after a 503 as the widget does (quicker than Retry-After, to keep the drill short). */
async function turn(drill: Drill, body: Record<string, unknown>): Promise<Record<string, unknown> | null> {
  for (;;) {
    const { status, json } = await chat(drill, body);
    if (status === 200) return json;
    if (status !== 503 || drill.stop) return null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function worker(drill: Drill, index: number, options: string[]): Promise<void> {
  for (let round = 0; !drill.stop; round++) {
    const when = options[(index * 3 + round * WORKERS) % options.length]!;
    const phone = `+4179${String(index).padStart(3, "0")}${String(round).padStart(4, "0")}`;
    const first = await turn(drill, { message: `Bonjour, je voudrais une consultation ${when}`, client: { name: `Patient ${index}-${round}`, phone } });
    if (!first) continue;
    await new Promise((resolve) => setTimeout(resolve, THINK_MS));
    const done = await turn(drill, { conversationId: first.conversationId, message: "oui" });
    const appointment = done?.appointment as { id: string; startsAt: string; status: string } | null | undefined;
    if (appointment?.status === "booked") drill.acknowledged.push({ id: appointment.id, startsAt: appointment.startsAt });
    await new Promise((resolve) => setTimeout(resolve, THINK_MS));
  }
}

async function readyProbe(drill: Drill): Promise<void> {
  while (!drill.stop) {
    const startedAt = Date.now();
    const response = await READY();
    drill.ready.push({ startedAt, endedAt: Date.now(), status: response.status });
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs the workers, lets `fault` strike once they are busy, and returns what happened. */
async function underLoad(fault: (drill: Drill) => Promise<{ acceptingAt: number }>) {
  const drill: Drill = { exchanges: [], ready: [], acknowledged: [], unexpected: [], stop: false };
  const options = slots();
  const started = Date.now();
  const running = [...Array.from({ length: WORKERS }, (_, i) => worker(drill, i, options)), readyProbe(drill)];
  await until("the conversations to get going", () => drill.acknowledged.length >= 5 && drill.exchanges.length >= 40, 60_000);
  const faultAt = Date.now();
  const warmup = faultAt - started;
  const { acceptingAt } = await fault(drill);
  if (process.env.DRILL_DEBUG) console.info(`warm-up ${warmup} ms, fault took ${Date.now() - faultAt} ms`);
  // Service is back at the first successful answer to a turn asked after the fault.
  const recovered = (e: Exchange) => e.startedAt >= faultAt && e.endedAt >= acceptingAt && e.status === 200;
  await until("a successful turn after recovery", () => drill.exchanges.some(recovered), 10_000);
  await until("a green /api/ready after recovery", () => drill.ready.some((e) => e.startedAt >= acceptingAt && e.status === 200), 10_000);
  const bookedBefore = drill.acknowledged.length;
  await until("bookings after recovery", () => drill.acknowledged.length >= bookedBefore + 5, 15_000);
  drill.stop = true;
  await Promise.all(running);
  const back = Math.max(0, Math.min(...drill.exchanges.filter(recovered).map((e) => e.endedAt)) - acceptingAt);
  if (process.env.DRILL_DEBUG) {
    const t0 = faultAt;
    console.info(`fault at 0, accepting at ${acceptingAt - t0}`);
    console.info(drill.exchanges.filter((e) => e.endedAt >= t0 - 500).map((e) => `${e.startedAt - t0}+${e.endedAt - e.startedAt}:${e.status}`).join(" "));
    console.info("ready " + drill.ready.filter((e) => e.endedAt >= t0 - 500).map((e) => `${e.startedAt - t0}+${e.endedAt - e.startedAt}:${e.status}`).join(" "));
    console.info(JSON.stringify(logLines.filter((l) => l.msg !== "request").slice(0, 5)));
  }
  const green = Math.max(0, Math.min(...drill.ready.filter((e) => e.startedAt >= acceptingAt && e.status === 200).map((e) => e.endedAt)) - acceptingAt);
  return { drill, faultAt, acceptingAt, back, green };
}

async function expectHealthyAfterwards(drill: Drill): Promise<void> {
  expect(drill.unexpected).toEqual([]);
  expect(logLines.filter((l) => l.msg === "internal error")).toEqual([]);

  // No connection stuck: everything the pool opened is idle again and nobody waits.
  await until("the pool to settle", () => {
    const p = appPool();
    return p.totalCount === p.idleCount && p.waitingCount === 0;
  });
  // Nor on the server: no app session is left in a transaction or a statement.
  await until("the server to settle", async () => {
    const rows = await adminQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'frontdesk_app' AND state <> 'idle'`,
    );
    return rows.rows[0]!.n === 0;
  });
  // And the whole pool serves: as many concurrent turns as it has connections.
  const probe: Drill = { exchanges: [], ready: [], acknowledged: [], unexpected: [], stop: false };
  const answers = await Promise.all(Array.from({ length: POOL_SIZE }, () => chat(probe, { message: "Où êtes-vous situés ?" })));
  expect(answers.map((a) => a.status)).toEqual(Array(POOL_SIZE).fill(200));

  // Every booking a caller was told about is stored, and no slot is taken twice.
  const ids = drill.acknowledged.map((a) => a.id);
  const stored = await adminQuery<{ id: string }>(`SELECT id FROM appointments WHERE status = 'booked' AND id = ANY($1::uuid[])`, [ids]);
  expect(stored.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  const overlaps = await adminQuery<{ n: number }>(
    `SELECT count(*)::int AS n FROM appointments a JOIN appointments b
       ON a.tenant_id = b.tenant_id AND a.id < b.id AND a.status = 'booked' AND b.status = 'booked'
      AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`,
  );
  expect(overlaps.rows[0]!.n).toBe(0);
}

function report(name: string, result: Awaited<ReturnType<typeof underLoad>>, extra = ""): void {
  const failed = result.drill.exchanges.filter((e) => e.status !== 200).length;
  console.info(
    `[drill] ${name}: back ${result.back} ms and ready green ${result.green} ms after the database accepted connections; ` +
      `${result.drill.exchanges.length} turns, ${failed} answered 503, ${result.drill.acknowledged.length} bookings acknowledged${extra}`,
  );
}

describe.each([["fast"], ["immediate"]] as const)("a restart with -m %s under 20 booking conversations", (mode) => {
  it("serves again within 2 s, was not ready while down, and loses no booking", async () => {
    const result = await underLoad(async (drill) => {
      await cluster.stop(mode);
      const downAt = Date.now();
      // Stay down until the outage has been seen from outside: refused turns and a red readiness.
      await until("503s and a red /api/ready during the outage", () => {
        const refused = drill.exchanges.filter((e) => e.startedAt >= downAt && e.status === 503).length;
        return refused >= 5 && drill.ready.some((e) => e.startedAt >= downAt && e.status === 503);
      });
      await cluster.start();
      return { acceptingAt: await waitUntilAccepting(db.adminUrl) };
    });
    report(`restart -m ${mode}`, result);
    expect(result.back).toBeLessThan(2_000);
    expect(result.green).toBeLessThan(2_000);
    await expectHealthyAfterwards(result.drill);
  }, DRILL_TIMEOUT_MS);
});

describe("pg_terminate_backend of every app backend under 20 booking conversations", () => {
  it("keeps serving and leaves no connection stuck", async () => {
    let terminated = 0;
    const result = await underLoad(async () => {
      const rows = await adminQuery<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE usename = 'frontdesk_app'`,
      );
      terminated = rows.rows.filter((r) => r.ok).length;
      return { acceptingAt: Date.now() };
    });
    report("pg_terminate_backend", result, `; ${terminated} backends terminated`);
    expect(terminated).toBeGreaterThanOrEqual(POOL_SIZE / 2);
    expect(result.back).toBeLessThan(2_000);
    await expectHealthyAfterwards(result.drill);
  }, DRILL_TIMEOUT_MS);
});

describe("a stalled database (SIGSTOP) under 20 booking conversations", () => {
  it("answers 503 within the deadline instead of hanging, then recovers", async () => {
    let frozenAt = 0;
    let thawedAt = 0;
    const result = await underLoad(async (drill) => {
      cluster.freeze(true);
      frozenAt = Date.now();
      try {
        // Every worker's turn, and readiness, must come back while the server is frozen.
        await until(
          "every worker to be answered during the stall",
          () => drill.exchanges.filter((e) => e.startedAt >= frozenAt).length >= WORKERS && drill.ready.some((e) => e.startedAt >= frozenAt),
          DEADLINE_MS * 4,
        );
      } finally {
        cluster.freeze(false);
        thawedAt = Date.now();
      }
      return { acceptingAt: thawedAt };
    });
    const during = result.drill.exchanges.filter((e) => e.endedAt >= frozenAt && e.endedAt < thawedAt);
    const askedDuring = during.filter((e) => e.startedAt >= frozenAt);
    const slowest = Math.max(...result.drill.exchanges.map((e) => e.endedAt - e.startedAt));
    const readyDuring = result.drill.ready.filter((e) => e.startedAt >= frozenAt && e.endedAt < thawedAt);
    report("SIGSTOP", result, `; frozen ${thawedAt - frozenAt} ms, ${during.length} answers during the stall, slowest answer of the drill ${slowest} ms (deadline ${DEADLINE_MS} ms)`);
    // Nothing hangs past the deadline, before, during or after the stall (give or take the
    // event loop's lag on a machine other tests keep busy).
    expect(slowest).toBeLessThan(DEADLINE_MS + 1_000);
    // Turns asked of a frozen database are refused, not left waiting.
    expect(askedDuring.length).toBeGreaterThanOrEqual(WORKERS);
    expect(askedDuring.filter((e) => e.status !== 503)).toEqual([]);
    expect(readyDuring.length).toBeGreaterThan(0);
    expect(readyDuring.filter((e) => e.status !== 503 || e.endedAt - e.startedAt > 1_000)).toEqual([]);
    expect(result.back).toBeLessThan(2_000);
    await expectHealthyAfterwards(result.drill);
  }, DRILL_TIMEOUT_MS);
});
