/*
 * npm run bench:db — what does tenant scoping cost on the hot read path?
 *
 * Creates a throw-away database, loads BENCH_TENANTS × BENCH_APPOINTMENTS_PER_TENANT
 * appointments server-side, then times one query — a tenant's appointments of one
 * day, ordered by start — through several clients, sequentially, on loopback:
 *
 *   a   raw pg.Pool as postgres                        (floor)
 *   b   Prisma, no extension, as postgres              (what an unscoped app pays)
 *   c   createTenantDb as frontdesk_app in runAsTenant (what the app pays)
 *   d   naive: $transaction([set_config, findMany]) as frontdesk_app
 *   c'  Prisma on the TenantScopedPool as frontdesk_app in runAsTenant, no
 *       extension, b's arguments   (c' − b = set_config pipeline + RLS + context;
 *                                   c − c' = everything the extension does)
 *   a'  raw TenantScopedPool as frontdesk_app in runAsTenant
 *                                                   (a' − a = tenant setting pipeline + RLS)
 *   c0, a'0  c and a' with the previous tenant setting, set_config(…, true)
 *       instead of SET LOCAL (the baseline, measured in the same run)
 *
 * Every variant runs the same seeded sequence of (tenant, day), interleaved in
 * rounds with a rotating order so machine noise hits all of them alike.
 * Compare ratios from one run, never absolute times across runs.
 *
 * Env: BENCH_DATABASE_URL (a superuser URL; its database is only used to create
 * and drop the bench database), BENCH_TENANTS (1000; a list such as
 * 10,1000,10000 runs once per count, each in its own process and database, and
 * compares the tenant-scoped p50 across counts),
 * BENCH_APPOINTMENTS_PER_TENANT (1000), BENCH_ITERATIONS (2000), BENCH_KEEP_DB=1.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { withUser } from "../lib/db/database-urls";
import { applyMigrations } from "../lib/db/migrate";
import { createPool, createTenantDb, createUnscopedDb } from "../lib/db/tenant-db";
import { runAsTenant, TenantMismatchError } from "../lib/tenancy";
import { benchDatabaseUrl, intEnv, onServer } from "./bench-harness";

// ------------------------------------------------------------------ config ---

const SWEEP = (process.env.BENCH_TENANTS ?? "").includes(",") ? process.env.BENCH_TENANTS!.split(",").map((n) => Number(n.trim())) : null;
const TENANTS = SWEEP ? 0 : intEnv("BENCH_TENANTS", 1000, 2);
const PER_TENANT = intEnv("BENCH_APPOINTMENTS_PER_TENANT", 1000);
const ITERATIONS = intEnv("BENCH_ITERATIONS", 2000, 10);
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const WARMUP = 200;
const ROUNDS = 10;
const CLIENTS_PER_TENANT = 5;

// Calendar: DAYS days starting PAST_DAYS before today (UTC). Past appointments
// are mostly completed (some cancelled / no-show), future ones booked; only
// booked rows enter the exclusion constraint's partial GiST index.
const DAYS = 120;
const PAST_DAYS = 90;
const DAY_MS = 86_400_000;
const PER_DAY = Math.ceil(PER_TENANT / DAYS);
if (PER_DAY > 1440) throw new Error("BENCH_APPOINTMENTS_PER_TENANT too large: at most 1440 one-minute slots a day");
const SLOT_MIN = Math.min(30, Math.floor(1440 / PER_DAY));
const DAY_START_MIN = Math.max(0, Math.min(8 * 60, 1440 - PER_DAY * SLOT_MIN));
const today = new Date();
const BASE_DAY_MS = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - PAST_DAYS * DAY_MS;

const DB_NAME = `frontdesk_bench_${process.pid}`;
const benchUrl = benchDatabaseUrl(DB_NAME);
const appUrl = withUser(benchUrl, "frontdesk_app");

/** The same deterministic ids the loader computes with md5(...)::uuid. */
function md5Uuid(s: string): string {
  const h = createHash("md5").update(s).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
const tenantId = (t: number) => md5Uuid(`tenant-${t}`);

// --------------------------------------------------------------- lifecycle ---

const cleanups: Array<() => Promise<unknown>> = [];
let dropped = false;

async function closeClients(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    await Promise.race([fn().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
  }
}

async function dropDatabase(): Promise<void> {
  if (dropped || KEEP_DB) return;
  dropped = true;
  await onServer(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: dropping ${DB_NAME}…`);
    dropDatabase()
      .catch((e) => console.error("drop failed:", e instanceof Error ? e.message : e))
      .finally(() => process.exit(130));
  });
}

function track<T extends { end(): Promise<void>; on(ev: "error", fn: (e: Error) => void): unknown }>(pool: T): T {
  // DROP … WITH (FORCE) terminates idle connections; don't let that crash us.
  pool.on("error", () => undefined);
  let ended = false;
  cleanups.push(async () => {
    if (!ended) {
      ended = true;
      await pool.end();
    }
  });
  return pool;
}

const ms = (t0: number) => performance.now() - t0;
const fmtS = (msv: number) => `${(msv / 1000).toFixed(1)} s`;

// -------------------------------------------------------------------- load ---

async function load(): Promise<{ loadMs: number; steps: Record<string, number> }> {
  const steps: Record<string, number> = {};
  const t0 = performance.now();
  let t = performance.now();
  const step = (name: string) => {
    steps[name] = Math.round(ms(t));
    t = performance.now();
  };

  await onServer(`CREATE DATABASE "${DB_NAME}"`);
  step("createDatabase");
  await applyMigrations(benchUrl);
  step("migrate");

  const session = async () => {
    const c = new pg.Client({ connectionString: benchUrl });
    await c.connect();
    // Bulk-load settings for this session only. replica mode skips the FK
    // triggers; the ids are generated consistently and checked below.
    await c.query(`SET synchronous_commit = off; SET session_replication_role = replica;
                   SET maintenance_work_mem = '512MB'; SET work_mem = '64MB'`);
    return c;
  };
  const main = await session();
  try {
    await main.query(`
      INSERT INTO tenants (id, slug, name, region, admin_email, timezone, updated_at)
      SELECT md5('tenant-' || i)::uuid, 'bench-' || i, 'Bench ' || i, 'FR', 'admin' || i || '@bench.test',
             'Europe/Paris', now()
      FROM generate_series(1, ${TENANTS}) i;
      INSERT INTO services (id, tenant_id, name, duration_minutes, updated_at)
      SELECT md5('service-' || i)::uuid, md5('tenant-' || i)::uuid, 'Consultation', ${SLOT_MIN}, now()
      FROM generate_series(1, ${TENANTS}) i;
      INSERT INTO clients (id, tenant_id, name, phone, updated_at)
      SELECT md5('client-' || i || '-' || j)::uuid, md5('tenant-' || i)::uuid, 'Client ' || j,
             '+336' || lpad(j::text, 8, '0'), now()
      FROM generate_series(1, ${TENANTS}) i, generate_series(1, ${CLIENTS_PER_TENANT}) j;
      -- replica mode skips the trigger that gives each tenant its default diary
      INSERT INTO resources (id, tenant_id, name, is_default, updated_at)
      SELECT md5('resource-' || i)::uuid, md5('tenant-' || i)::uuid, 'Bench ' || i, true, now()
      FROM generate_series(1, ${TENANTS}) i;
      INSERT INTO resource_services (tenant_id, resource_id, service_id)
      SELECT md5('tenant-' || i)::uuid, md5('resource-' || i)::uuid, md5('service-' || i)::uuid
      FROM generate_series(1, ${TENANTS}) i;`);
    step("tenantsServicesClients");

    // Secondary structures are rebuilt after the bulk insert (much faster than
    // maintaining them row by row), from their own catalog definitions.
    const { rows: cons } = await main.query<{ name: string; def: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = 'appointments'::regclass AND contype IN ('p', 'u', 'x')
         -- a key that other tables' foreign keys use stays (appointment_events, outbound_messages)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = pg_constraint.conindid)
       ORDER BY contype, conname`,
    );
    const { rows: idx } = await main.query<{ name: string; def: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
       WHERE i.indrelid = 'appointments'::regclass
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    );
    for (const c of cons) await main.query(`ALTER TABLE appointments DROP CONSTRAINT "${c.name}"`);
    for (const i of idx) await main.query(`DROP INDEX ${i.name}`);

    // Time-major order (tenants interleaved, as bookings arrive in real life),
    // split by tenant over two sessions. k-th appointment of a tenant: day k % DAYS,
    // slot k / DAYS of SLOT_MIN minutes; no two of one tenant overlap.
    const base = new Date(BASE_DAY_MS).toISOString();
    const insertRange = async (c: pg.Client, from: number, to: number) =>
      c.query(`
        INSERT INTO appointments (id, tenant_id, service_id, resource_id, client_id, starts_at, ends_at, status, channel, updated_at)
        SELECT gen_random_uuid(), md5('tenant-' || t)::uuid, md5('service-' || t)::uuid, md5('resource-' || t)::uuid,
               md5('client-' || t || '-' || (1 + (k + t) % ${CLIENTS_PER_TENANT}))::uuid,
               s, s + interval '${SLOT_MIN} minutes',
               (CASE WHEN d >= ${PAST_DAYS} THEN (CASE WHEN (k + t) % 12 = 0 THEN 'cancelled' ELSE 'booked' END)
                     WHEN (k + t) % 11 = 0 THEN 'no_show' WHEN (k + t) % 7 = 0 THEN 'cancelled'
                     ELSE 'completed' END)::"AppointmentStatus",
               (ARRAY['voice', 'whatsapp', 'web'])[1 + (k + t) % 3]::"Channel",
               now()
        FROM generate_series(0, ${PER_TENANT - 1}) k
        CROSS JOIN LATERAL (SELECT k % ${DAYS} AS d) dd
        CROSS JOIN LATERAL (SELECT timestamptz '${base}' + d * interval '1 day'
                                   + (${DAY_START_MIN} + (k / ${DAYS}) * ${SLOT_MIN}) * interval '1 minute' AS s) ss
        CROSS JOIN generate_series(${from}, ${to}) t`);
    const second = await session();
    try {
      const half = Math.floor(TENANTS / 2);
      await Promise.all([insertRange(main, 1, half), insertRange(second, half + 1, TENANTS)]);
    } finally {
      await second.end();
    }
    step("insertAppointments");

    for (const c of cons) await main.query(`ALTER TABLE appointments ADD CONSTRAINT "${c.name}" ${c.def}`);
    for (const i of idx) await main.query(i.def);
    step("rebuildIndexesAndConstraints");

    const { rows: orphans } = await main.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM appointments a
      WHERE NOT EXISTS (SELECT 1 FROM clients c WHERE c.tenant_id = a.tenant_id AND c.id = a.client_id)
         OR NOT EXISTS (SELECT 1 FROM services s WHERE s.tenant_id = a.tenant_id AND s.id = a.service_id)
         OR NOT EXISTS (SELECT 1 FROM resources r WHERE r.tenant_id = a.tenant_id AND r.id = a.resource_id)`);
    if (orphans[0]?.n !== 0) throw new Error(`loader bug: ${orphans[0]?.n} appointments with dangling references`);
    step("checkReferences");

    // VACUUM sets hint bits and the visibility map, so the first variant to
    // touch a page doesn't pay for that; then fresh statistics everywhere.
    await main.query("VACUUM (ANALYZE) appointments");
    await main.query("ANALYZE");
    step("vacuumAnalyze");
  } finally {
    await main.end();
  }
  return { loadMs: ms(t0), steps };
}

// ------------------------------------------------------------------- bench ---

/** mulberry32: small, fast, good enough to pick (tenant, day). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Q {
  tenantId: string;
  gte: Date;
  lt: Date;
}

function sequence(seed: number, n: number): Q[] {
  const rnd = prng(seed);
  const out: Q[] = [];
  for (let i = 0; i < n; i++) {
    const t = 1 + Math.floor(rnd() * TENANTS);
    const d = Math.floor(rnd() * DAYS);
    out.push({ tenantId: tenantId(t), gte: new Date(BASE_DAY_MS + d * DAY_MS), lt: new Date(BASE_DAY_MS + (d + 1) * DAY_MS) });
  }
  return out;
}

type Variant = { key: string; label: string; run: (q: Q) => Promise<number> };

const RAW_SQL = `SELECT * FROM appointments WHERE tenant_id = $1 AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at`;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

async function main(): Promise<void> {
  const tStart = performance.now();
  console.log(
    `bench:db — ${TENANTS} tenants × ${PER_TENANT} appointments, ${ITERATIONS} iterations ` +
      `(+${WARMUP} warm-up) per variant, database ${DB_NAME}`,
  );

  const { loadMs, steps } = await load();
  const rowCount = TENANTS * PER_TENANT;
  console.log(
    `load: ${fmtS(loadMs)} for ${rowCount.toLocaleString("en")} appointments ` +
      `(${Object.entries(steps).map(([k, v]) => `${k} ${fmtS(v)}`).join(", ")})`,
  );

  // --- clients: one connection each, sequential queries.
  const raw = track(new pg.Pool({ connectionString: benchUrl, max: 1 }));
  // TenantScopedPool overrides query() with an untyped signature; use pg.Pool's.
  const rawScoped: pg.Pool = track(createPool({ url: appUrl, max: 1 }));
  const unscoped = createUnscopedDb({ url: benchUrl, max: 1 });
  track(unscoped.pool);
  cleanups.push(() => unscoped.$disconnect());
  const tenantDb = createTenantDb({ url: appUrl, max: 1 });
  track(tenantDb.pool);
  cleanups.push(() => tenantDb.$disconnect());
  // c′: the same construction as createTenantDb minus the extensions
  // (createPool + new PrismaClient({ adapter: new PrismaPg(pool) })).
  const appNoExt = createUnscopedDb({ url: appUrl, max: 1 });
  track(appNoExt.pool);
  cleanups.push(() => appNoExt.$disconnect());
  const tenantDbOld = createTenantDb({ url: appUrl, max: 1, tenantSetting: "set-config" });
  track(tenantDbOld.pool);
  cleanups.push(() => tenantDbOld.$disconnect());
  const rawScopedOld: pg.Pool = track(createPool({ url: appUrl, max: 1, tenantSetting: "set-config" }));
  const naive = createUnscopedDb({ url: appUrl, max: 1 });
  track(naive.pool);
  cleanups.push(() => naive.$disconnect());

  const orderBy = { startsAt: "asc" } as const;
  const variants: Variant[] = [
    {
      key: "a",
      label: "raw pg, postgres",
      run: async (q) => (await raw.query(RAW_SQL, [q.tenantId, q.gte, q.lt])).rowCount ?? 0,
    },
    {
      key: "b",
      label: "Prisma, no extension, postgres",
      run: async (q) =>
        (await unscoped.appointment.findMany({ where: { tenantId: q.tenantId, startsAt: { gte: q.gte, lt: q.lt } }, orderBy }))
          .length,
    },
    {
      key: "c",
      label: "createTenantDb, frontdesk_app, runAsTenant",
      run: async (q) =>
        (
          await runAsTenant(q.tenantId, () =>
            tenantDb.appointment.findMany({ where: { startsAt: { gte: q.gte, lt: q.lt } }, orderBy }),
          )
        ).length,
    },
    {
      key: "d",
      label: "naive $transaction([set_config, findMany]), frontdesk_app",
      run: async (q) => {
        const [, rows] = await naive.$transaction([
          naive.$executeRaw`SELECT set_config('app.tenant_id', ${q.tenantId}, true)`,
          naive.appointment.findMany({ where: { tenantId: q.tenantId, startsAt: { gte: q.gte, lt: q.lt } }, orderBy }),
        ]);
        return rows.length;
      },
    },
    {
      key: "c'",
      label: "Prisma on TenantScopedPool, frontdesk_app, runAsTenant, no extension",
      run: async (q) =>
        (
          await runAsTenant(q.tenantId, () =>
            // Exactly b's arguments: c′ − b is the pipelined set_config + RLS + context.
            appNoExt.appointment.findMany({ where: { tenantId: q.tenantId, startsAt: { gte: q.gte, lt: q.lt } }, orderBy }),
          )
        ).length,
    },
    {
      key: "a'",
      label: "raw TenantScopedPool, frontdesk_app, runAsTenant",
      run: (q) => runAsTenant(q.tenantId, async () => (await rawScoped.query(RAW_SQL, [q.tenantId, q.gte, q.lt])).rowCount ?? 0),
    },
    {
      key: "c0",
      label: "c with the set_config form (baseline)",
      run: async (q) =>
        (
          await runAsTenant(q.tenantId, () =>
            tenantDbOld.appointment.findMany({ where: { startsAt: { gte: q.gte, lt: q.lt } }, orderBy }),
          )
        ).length,
    },
    {
      key: "a'0",
      label: "a' with the set_config form (baseline)",
      run: (q) => runAsTenant(q.tenantId, async () => (await rawScopedOld.query(RAW_SQL, [q.tenantId, q.gte, q.lt])).rowCount ?? 0),
    },
  ];
  const byKey = (k: string) => variants.find((v) => v.key === k)!;

  // --- correctness, once.
  console.log("\ncorrectness:");
  const probe = sequence(7, 3);
  const checks: Record<string, unknown> = {};
  for (const q of probe) {
    const counts: Record<string, number> = {};
    for (const v of variants) counts[v.key] = await v.run(q);
    const same = new Set(Object.values(counts)).size === 1 && (counts.a ?? 0) > 0;
    console.log(`  ${q.tenantId} ${q.gte.toISOString().slice(0, 10)}: rows ${JSON.stringify(counts)} ${same ? "OK" : "MISMATCH"}`);
    if (!same) throw new Error("variants disagree on the row count");
  }
  checks.sameRowCounts = true;

  const [own, other] = probe as [Q, Q, Q];
  const scopedRows = await runAsTenant(own.tenantId, () =>
    tenantDb.appointment.findMany({ where: { startsAt: { gte: own.gte, lt: own.lt } } }),
  );
  const onlyOwn = scopedRows.every((r) => r.tenantId === own.tenantId);
  console.log(`  c rows all belong to the context tenant: ${onlyOwn ? "OK" : "FAIL"}`);
  // Asking, in `own`'s context, for a day of `other` (which has rows there):
  const otherDay = { tenantId: other.tenantId, startsAt: { gte: other.gte, lt: other.lt } };
  let extension = "no error";
  try {
    await runAsTenant(own.tenantId, () => tenantDb.appointment.findMany({ where: otherDay }));
  } catch (e) {
    extension = e instanceof TenantMismatchError ? "TenantMismatchError" : `unexpected ${(e as Error).name}`;
  }
  const viaRls = await runAsTenant(own.tenantId, () => appNoExt.appointment.findMany({ where: otherDay }));
  const viaRaw = await runAsTenant(own.tenantId, () =>
    tenantDb.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM appointments
      WHERE tenant_id = ${other.tenantId}::uuid AND starts_at >= ${other.gte} AND starts_at < ${other.lt}`,
  );
  const otherOwnCount = await byKey("a").run(other);
  const isolationOk = onlyOwn && extension === "TenantMismatchError" && viaRls.length === 0 && viaRaw[0]?.n === 0;
  console.log(
    `  wrong tenant's context, another tenant's day (${otherOwnCount} rows exist): ` +
      `c → ${extension}; RLS alone (c′) → ${viaRls.length} rows; c $queryRaw → ${viaRaw[0]?.n} rows ` +
      `${isolationOk ? "OK" : "FAIL"}`,
  );
  Object.assign(checks, { onlyOwnTenantRows: onlyOwn, wrongContextExtension: extension, wrongContextRlsRows: viaRls.length, wrongContextRawRows: viaRaw[0]?.n });
  if (!isolationOk) throw new Error("tenant isolation check failed");

  // --- warm-up, then interleaved rounds.
  const warm = sequence(1, WARMUP);
  for (const v of variants) for (const q of warm) await v.run(q);

  const seq = sequence(42, ITERATIONS);
  const samples = new Map<string, number[]>(variants.map((v) => [v.key, []]));
  const perRound = Math.ceil(ITERATIONS / ROUNDS);
  const tBench = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    const slice = seq.slice(r * perRound, (r + 1) * perRound);
    const order = variants.map((_, i) => variants[(i + r) % variants.length]!);
    for (const v of order) {
      const out = samples.get(v.key)!;
      for (const q of slice) {
        const t0 = performance.now();
        await v.run(q);
        out.push(performance.now() - t0);
      }
    }
  }
  const benchMs = ms(tBench);

  // --- report.
  const stats: Record<string, { label: string; n: number; p50: number; p90: number; p99: number; mean: number }> = {};
  for (const v of variants) {
    const s = [...samples.get(v.key)!].sort((x, y) => x - y);
    stats[v.key] = {
      label: v.label,
      n: s.length,
      p50: percentile(s, 50),
      p90: percentile(s, 90),
      p99: percentile(s, 99),
      mean: s.reduce((x, y) => x + y, 0) / s.length,
    };
  }
  const st = (k: string) => stats[k]!;
  const f3 = (x: number) => x.toFixed(3);
  const ratio = (x: string, y: string, p: "p50" | "p99") => st(x)[p] / st(y)[p];

  console.log(`\nlatency, ms (n=${ITERATIONS} each, ${ROUNDS} interleaved rounds, measured in ${fmtS(benchMs)}):`);
  console.log(`  ${"variant".padEnd(4)} ${"p50".padStart(7)} ${"p90".padStart(7)} ${"p99".padStart(7)}  description`);
  for (const v of variants) {
    const s = st(v.key);
    console.log(`  ${v.key.padEnd(4)} ${f3(s.p50).padStart(7)} ${f3(s.p90).padStart(7)} ${f3(s.p99).padStart(7)}  ${s.label}`);
  }
  const ratios = {
    "c/a p50": ratio("c", "a", "p50"),
    "c/a p99": ratio("c", "a", "p99"),
    "c/b p50": ratio("c", "b", "p50"),
    "c/b p99": ratio("c", "b", "p99"),
    "d/b p50": ratio("d", "b", "p50"),
    "d/b p99": ratio("d", "b", "p99"),
    "c'/b p50": ratio("c'", "b", "p50"),
    "c/c' p50": ratio("c", "c'", "p50"),
    "a'/a p50": ratio("a'", "a", "p50"),
    "c0/b p50": ratio("c0", "b", "p50"),
    "c/c0 p50": ratio("c", "c0", "p50"),
    "a'0/a p50": ratio("a'0", "a", "p50"),
    "a'/a'0 p50": ratio("a'", "a'0", "p50"),
  };
  console.log("\nratios:");
  for (const [k, v] of Object.entries(ratios)) console.log(`  ${k.padEnd(10)} ${v.toFixed(2)}`);
  const extensionMs = st("c").p50 - st("c'").p50;
  const pipelineMs = st("c'").p50 - st("b").p50;
  console.log(
    `  p50 breakdown c − b = ${f3(st("c").p50 - st("b").p50)} ms: ` +
      `extension (c − c′) ${f3(extensionMs)} ms, SET LOCAL pipeline + RLS + tenant context (c′ − b) ${f3(pipelineMs)} ms; ` +
      `at the wire a′ − a = ${f3(st("a'").p50 - st("a").p50)} ms`,
  );
  const pass = (ratios["c/b p50"] ?? Infinity) <= 1.3;
  console.log(`\ntarget c/b <= 1.3 at p50: ${pass ? "PASS" : "FAIL"}`);

  const totalMs = ms(tStart);
  console.log(`total time: ${fmtS(totalMs)}`);

  const outPath = process.env.BENCH_OUT ?? path.join(process.cwd(), ".data", "bench-db.json");
  await mkdir(path.dirname(outPath), { recursive: true });
  await writeFile(
    outPath,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        database: DB_NAME,
        config: {
          tenants: TENANTS,
          appointmentsPerTenant: PER_TENANT,
          iterations: ITERATIONS,
          warmup: WARMUP,
          rounds: ROUNDS,
          days: DAYS,
          slotMinutes: SLOT_MIN,
          database: DB_NAME,
          node: process.version,
        },
        loadMs: Math.round(loadMs),
        loadSteps: steps,
        benchMs: Math.round(benchMs),
        totalMs: Math.round(totalMs),
        checks,
        variants: stats,
        ratios,
        target: { metric: "c/b p50", threshold: 1.3, value: ratios["c/b p50"], pass },
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`wrote ${path.relative(process.cwd(), outPath)}`);
}

/*
 * BENCH_TENANTS=10,1000,10000: one child run per count (its own database and
 * process, so one count's caches don't favour the next), then the comparison.
 */
async function sweep(counts: number[]): Promise<void> {
  const kept: Array<{ tenants: number; database: string }> = [];
  try {
    await sweepChildren(counts, kept);
    await interleavedAcrossCounts(kept);
  } finally {
    await closeClients();
    if (!KEEP_DB) for (const k of kept) await onServer(`DROP DATABASE IF EXISTS "${k.database}" WITH (FORCE)`).catch(() => undefined);
  }
}

/*
 * The children run one after the other, so drift between them (machine load,
 * each process's own JIT and GC state) lands on the comparison across counts.
 * Here one process queries the three kept databases in interleaved rounds with
 * a rotating order, as the variants are within one run: c and b per count.
 */
async function interleavedAcrossCounts(kept: Array<{ tenants: number; database: string }>): Promise<void> {
  const dbs = kept.map((k) => {
    const url = benchDatabaseUrl(k.database);
    const c = createTenantDb({ url: withUser(url, "frontdesk_app"), max: 1 });
    const b = createUnscopedDb({ url, max: 1 });
    track(c.pool);
    track(b.pool);
    cleanups.push(() => c.$disconnect(), () => b.$disconnect());
    const rnd = prng(7919 + k.tenants);
    const qs: Q[] = Array.from({ length: ITERATIONS + WARMUP }, () => {
      const d = Math.floor(rnd() * DAYS);
      const t = 1 + Math.floor(rnd() * k.tenants);
      return { tenantId: tenantId(t), gte: new Date(BASE_DAY_MS + d * DAY_MS), lt: new Date(BASE_DAY_MS + (d + 1) * DAY_MS) };
    });
    return { tenants: k.tenants, c, b, qs, times: { c: [] as number[], b: [] as number[] } };
  });
  const orderBy = { startsAt: "asc" } as const;
  const runC = (db: (typeof dbs)[number], q: Q) => runAsTenant(q.tenantId, () => db.c.appointment.findMany({ where: { startsAt: { gte: q.gte, lt: q.lt } }, orderBy }));
  const runB = (db: (typeof dbs)[number], q: Q) => db.b.appointment.findMany({ where: { tenantId: q.tenantId, startsAt: { gte: q.gte, lt: q.lt } }, orderBy });
  for (const db of dbs) for (const q of db.qs.slice(0, WARMUP)) await runC(db, q).then(() => runB(db, q));
  const perRound = Math.ceil(ITERATIONS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[(i + round) % dbs.length]!;
      for (const q of db.qs.slice(WARMUP + round * perRound, WARMUP + (round + 1) * perRound)) {
        let t0 = performance.now();
        await runC(db, q);
        db.times.c.push(ms(t0));
        t0 = performance.now();
        await runB(db, q);
        db.times.b.push(ms(t0));
      }
    }
  }
  const p50 = (xs: number[]) => percentile([...xs].sort((x, y) => x - y), 50);
  const rows = dbs.map((db) => ({ tenants: db.tenants, c: p50(db.times.c), b: p50(db.times.b) }));
  const mc = [...rows.map((r) => r.c)].sort((x, y) => x - y)[Math.floor(rows.length / 2)]!;
  console.log("\ninterleaved across counts, one process (same moments, same JIT) — p50 ms:");
  console.log("  tenants      c      b    c/b   c vs median");
  for (const r of rows) console.log(`  ${String(r.tenants).padStart(7)} ${r.c.toFixed(3)} ${r.b.toFixed(3)} ${(r.c / r.b).toFixed(2).padStart(6)} ${(((r.c / mc) - 1) * 100).toFixed(1).padStart(8)}%`);
  const within = rows.every((r) => Math.abs(r.c / mc - 1) <= 0.1);
  const ratioOk = rows.every((r) => r.c / r.b <= 1.3);
  console.log(`interleaved: tenant-scoped p50 (c) within ±10% of the median across counts: ${within ? "PASS" : "FAIL"}; c/b <= 1.3 at every count: ${ratioOk ? "PASS" : "FAIL"}`);
  await writeFile(path.join(process.cwd(), ".data", "bench-db-interleaved.json"), JSON.stringify({ at: new Date().toISOString(), rows, within, ratioOk }, null, 2) + "\n");
  await closeClients();
}

async function sweepChildren(counts: number[], kept: Array<{ tenants: number; database: string }>): Promise<void> {
  const results: Array<{ tenants: number; c: number; c0: number; b: number; aScoped: number; aScopedOld: number; a: number }> = [];
  for (const n of counts) {
    const out = path.join(process.cwd(), ".data", `bench-db-${n}.json`);
    await mkdir(path.dirname(out), { recursive: true });
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], {
      stdio: "inherit",
      env: { ...process.env, BENCH_TENANTS: String(n), BENCH_OUT: out, BENCH_KEEP_DB: "1" },
    });
    if (child.status !== 0) throw new Error(`bench at ${n} tenants failed`);
    const r = JSON.parse(await readFile(out, "utf8")) as { database: string; variants: Record<string, { p50: number }> };
    kept.push({ tenants: n, database: r.database });
    const p = (k: string) => r.variants[k]!.p50;
    results.push({ tenants: n, c: p("c"), c0: p("c0"), b: p("b"), a: p("a"), aScoped: p("a'"), aScopedOld: p("a'0") });
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const mc = median(results.map((r) => r.c));
  const ma = median(results.map((r) => r.aScoped));
  console.log("\nsweep — p50 ms (SET LOCAL form vs set_config form, same run):");
  console.log("  tenants      c     c0    c/b   c0/b     a'    a'0   c vs median  a' vs median");
  for (const r of results) {
    const dev = (x: number, m: number) => `${(((x / m) - 1) * 100).toFixed(1).padStart(6)}%`;
    console.log(
      `  ${String(r.tenants).padStart(7)} ${r.c.toFixed(3)} ${r.c0.toFixed(3)} ${(r.c / r.b).toFixed(2).padStart(6)} ${(r.c0 / r.b).toFixed(2).padStart(6)} ` +
        `${r.aScoped.toFixed(3)} ${r.aScopedOld.toFixed(3)}      ${dev(r.c, mc)}       ${dev(r.aScoped, ma)}`,
    );
  }
  // On a shared machine the absolute p50 moves with the load; c/b (same run, same moment) does not.
  const mcb = median(results.map((r) => r.c / r.b));
  console.log(`  c/b vs its median: ${results.map((r) => `${r.tenants}: ${((r.c / r.b / mcb - 1) * 100).toFixed(1)}%`).join(", ")}`);
  const within = results.every((r) => Math.abs(r.c / mc - 1) <= 0.1);
  const ratioOk = results.every((r) => r.c / r.b <= 1.3);
  console.log(`\ntenant-scoped p50 (c) within ±10% of the median across counts: ${within ? "PASS" : "FAIL"}; c/b <= 1.3 at every count: ${ratioOk ? "PASS" : "FAIL"}`);
  const outPath = path.join(process.cwd(), ".data", "bench-db-sweep.json");
  await writeFile(outPath, JSON.stringify({ at: new Date().toISOString(), results, within, ratioOk }, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), outPath)}`);
}

if (SWEEP) {
  try {
    await sweep(SWEEP);
  } catch (error) {
    process.exitCode = 1;
    console.error(error instanceof Error ? error.message : error);
  }
} else try {
  await main();
} catch (error) {
  process.exitCode = 1;
  // After SIGINT the forced drop kills our connections; that error is expected.
  if (!interrupted) console.error(error instanceof Error ? (error.stack ?? error.message) : error);
} finally {
  await closeClients();
  if (!interrupted) {
    if (KEEP_DB) console.log(`kept database: ${benchUrl}`);
    else await dropDatabase().catch((e) => console.error("drop failed:", e instanceof Error ? e.message : e));
  }
}
