/*
 * npm run bench:vapi — the Vapi voice webhook under load, next to the cheapest
 * route of the same server, checked against the budget of issue 5:
 * `tool-calls` p95 <= 500 ms and `assistant-request` p95 <= 1 s.
 *
 * 1. Creates a throw-away database (on BENCH_DATABASE_URL's server), migrates
 *    it and creates BENCH_TENANTS tenants modelled on the three demo tenants
 *    (hours, services, FAQ, time zone, language), each with its own voice
 *    number routed and its own Vapi webhook secret stored encrypted under a
 *    master key generated for this run (the served app gets the same key as
 *    FRONTDESK_MASTER_KEY).
 * 2. Serves the app like bench:chat (BENCH_SERVER):
 *      next  `next build` into .next/bench, then `next start` (default;
 *            BENCH_SKIP_BUILD=1 reuses an existing .next/bench, e.g. the one
 *            bench:chat built — only if it was built from the current code);
 *      node  the route handlers imported into a plain node:http server.
 * 3. With autocannon, BENCH_CONNECTIONS simultaneous calls for BENCH_DURATION
 *    seconds each, after a short unmeasured warm-up per endpoint:
 *      - GET /api/health (no I/O: the floor);
 *      - POST /api/webhooks/vapi `assistant-request`, one new call per request,
 *        spread over all tenants;
 *      - POST /api/webhooks/vapi `tool-calls`: each connection plays calls of
 *        four tool calls — check_availability for tomorrow, check_availability
 *        at a precise slot, book_appointment at that slot, then
 *        reschedule_appointment or cancel_appointment (alternately) — each
 *        call on the next tenant, from a new caller number. Every slot checked
 *        and booked is handed out once (per tenant, walking forward from
 *        tomorrow through the opening hours), so bookings do not conflict.
 * 4. Prints p50/p95/p99 latency and req/s per endpoint, ratios to health, the
 *    two budget verdicts and the tools' outcomes; writes the same as JSON to
 *    <FRONTDESK_DATA_DIR or .data>/bench-vapi.json; stops the server and drops
 *    the database (also on error, SIGINT and SIGTERM; BENCH_KEEP_DB=1 keeps it).
 *
 * A verdict is PASS when the p95 is within budget and every measured request
 * answered 2xx (no transport errors or timeouts).
 *
 * Env: BENCH_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres),
 * BENCH_TENANTS (20), BENCH_CONNECTIONS (10), BENCH_DURATION (15),
 * BENCH_SERVER (next|node), BENCH_PORT (3211; bench:chat uses 3210),
 * BENCH_SKIP_BUILD=1, BENCH_KEEP_DB=1, DATABASE_POOL_SIZE (the app's default, 10).
 * Compare rows of one run (the ratios), never absolute times across runs.
 *
 * The harness it shares with bench:chat (database, tenants, server) is in
 * bench-harness.ts.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { addDays, formatMinutes, isoWeekday, wallClockAt } from "../lib/booking/local-time";
import { APP_ROLE, withUser } from "../lib/db/database-urls";
import { applyMigrations } from "../lib/db/migrate";
import { createTenantDb, createUnscopedDb } from "../lib/db/tenant-db";
import type { Keyring } from "../lib/secrets/master-keys";
import { createSecretStore } from "../lib/secrets/tenant-secret-store";
import { runAsTenant } from "../lib/tenancy";
import { DEMO_TENANTS, type DemoTenant } from "../prisma/seed/demo-tenants";
import {
  benchDatabaseUrl,
  demoTenantData,
  intEnv,
  minutesOf,
  onServer,
  percentile,
  processGroupCpuMicros,
  readServerMeter,
  type ServerMeter,
  serveRouteHandlers,
  serverMode,
  startServer,
  stopServers,
  waitUntilIdle,
} from "./bench-harness";

// ------------------------------------------------------------------ config ---

const TENANTS = intEnv("BENCH_TENANTS", 20);
if (TENANTS > 7000) throw new Error("BENCH_TENANTS must be <= 7000 (voice numbers are numbered per tenant)");
const CONNECTIONS = intEnv("BENCH_CONNECTIONS", 10);
const DURATION = intEnv("BENCH_DURATION", 15);
const PORT = intEnv("BENCH_PORT", 3211);
const MODE = serverMode();
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const SKIP_BUILD = process.env.BENCH_SKIP_BUILD === "1";
const OUT_FILE = path.join(process.env.FRONTDESK_DATA_DIR || ".data", "bench-vapi.json");

const BUDGET_MS = { assistant: 1000, tools: 500 } as const;

const DB_NAME = `frontdesk_bench_vapi_${process.pid}`;
const benchUrl = benchDatabaseUrl(DB_NAME);
const BASE = `http://127.0.0.1:${PORT}`;
const WEBHOOK = `${BASE}/api/webhooks/vapi`;

// One master key for the run: it encrypts the secrets stored below and is the
// served app's FRONTDESK_MASTER_KEY, so the app decrypts them on every request.
const MASTER_KEY = randomBytes(32);
const KEYRING: Keyring = { current: 1, keys: new Map([[1, MASTER_KEY]]), source: "env" };

// --------------------------------------------------------------- database ---

interface BenchTenant {
  id: string;
  slug: string;
  locale: "fr" | "en";
  region: string;
  timezone: string;
  voiceNumber: string;
  secret: string;
  /** The service callers book (the demo's first), and how they may name it. */
  bookService: string;
  bookDuration: number;
  /** What callers ask about "tomorrow": each service, by name or synonym. */
  spokenServices: string[];
  hours: DemoTenant["hours"];
  /** Free slots, handed out once each (see nextSlot). */
  slots: Generator<{ date: string; time: string }, void>;
}

/** Back-to-back slots of the booked service, from tomorrow (tenant's clock) on, inside opening hours. */
function* slotsOf(t: Pick<BenchTenant, "timezone" | "hours" | "bookDuration">): Generator<{ date: string; time: string }, void> {
  const today = wallClockAt(new Date(), t.timezone).date;
  const step = Math.ceil(t.bookDuration / 15) * 15;
  for (let d = 1; d <= 365; d++) {
    const date = addDays(today, d);
    for (const [from, to] of t.hours[isoWeekday(date)] ?? []) {
      for (let m = minutesOf(from); m + t.bookDuration <= minutesOf(to); m += step) yield { date, time: formatMinutes(m) };
    }
  }
}

function nextSlot(t: BenchTenant): { date: string; time: string } {
  const next = t.slots.next();
  if (next.done) throw new Error(`tenant ${t.slug} ran out of slots for a year ahead`);
  return next.value;
}

async function createTenants(): Promise<BenchTenant[]> {
  const db = createUnscopedDb({ url: benchUrl, max: 4 });
  const out: BenchTenant[] = [];
  try {
    for (let i = 0; i < TENANTS; i++) {
      const demo = DEMO_TENANTS[i % DEMO_TENANTS.length]!;
      const data = demoTenantData(demo, i);
      // The demo's line with its last four digits replaced: a distinct, valid number per tenant.
      const voiceNumber = demo.voiceNumber.slice(0, -4) + String(2000 + i);
      const tenant = await db.tenant.create({
        data: { ...data, channelRoutes: { create: { channel: "voice", key: voiceNumber, label: "Main line" } } },
        select: { id: true },
      });
      const book = demo.services[0]!;
      const t: Omit<BenchTenant, "slots"> = {
        id: tenant.id,
        slug: data.slug,
        locale: demo.locale,
        region: demo.region,
        timezone: demo.timezone,
        voiceNumber,
        secret: `vapi-${randomBytes(18).toString("base64url")}`,
        bookService: book.name,
        bookDuration: book.durationMinutes,
        spokenServices: demo.services.flatMap((s) => [s.name, ...(s.synonyms ?? []).slice(0, 1)]),
        hours: demo.hours,
      };
      out.push({ ...t, slots: slotsOf(t) });
    }
  } finally {
    await db.$disconnect();
    await db.pool.end();
  }

  // Secrets go through the app's own store (as the frontdesk_app role, in the
  // tenant's context), so they are sealed exactly as the console would.
  const appDb = createTenantDb({ url: withUser(benchUrl, APP_ROLE), max: 2 });
  const secrets = createSecretStore(appDb, () => KEYRING);
  try {
    for (const t of out) await runAsTenant(t.id, () => secrets.save("vapi", "webhook_secret", t.secret));
  } finally {
    await appDb.$disconnect();
    await appDb.pool.end();
  }
  return out;
}

// ----------------------------------------------------------------- server ---

function serverEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: benchUrl,
    APP_DATABASE_URL: withUser(benchUrl, APP_ROLE),
    FRONTDESK_MASTER_KEY: MASTER_KEY.toString("base64"),
    FRONTDESK_MASTER_KEY_VERSION: "1",
    FRONTDESK_PREVIOUS_MASTER_KEYS: "",
    FRONTDESK_EMBEDDED_DB: "",
    PUBLIC_URL: BASE,
    PORT: String(PORT),
    // The load sends each tenant's calls back to back, far past a real line's
    // pace: its admission is opened wide (bench:chat-flood measures that one).
    CHANNEL_TENANT_RATE: "100000",
    CHANNEL_TENANT_BURST: "100000",
    CHANNEL_TENANT_CONCURRENCY: "1000",
  };
}

/** BENCH_SERVER=node: the Vapi route handler behind node:http. */
async function serveHandlers(): Promise<void> {
  const vapi = await import("../app/api/webhooks/vapi/route");
  await serveRouteHandlers(PORT, [{ method: "POST", path: "/api/webhooks/vapi", handle: (request) => vapi.POST(request) }]);
}

// ------------------------------------------------------------ vapi traffic ---

let callerSeq = 0;

/** A new, valid mobile number in the tenant's country for every call. */
function newCaller(t: BenchTenant): string {
  const n = callerSeq++;
  switch (t.region) {
    case "CH":
      return `+4179${String(n % 1e7).padStart(7, "0")}`;
    case "DZ":
      return `+2135${String(n % 1e8).padStart(8, "0")}`;
    default:
      return `+1416${String(2_000_000 + (n % 7_000_000))}`;
  }
}

/** The envelope Vapi posts to the server URL (as in tests/channels/vapi-webhook.test.ts). */
function vapiBody(type: string, t: BenchTenant, callId: string, caller: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    message: {
      timestamp: Date.now(),
      type,
      call: {
        id: callId,
        orgId: "8f0a1c1e-3b0e-4e4c-9d3e-1f2a3b4c5d6e",
        type: "inboundPhoneCall",
        status: "in-progress",
        phoneNumberId: "5d6e7f80-aaaa-bbbb-cccc-000000000001",
        customer: { number: caller },
        createdAt: new Date(Date.now() - 2000).toISOString(),
        startedAt: new Date().toISOString(),
      },
      phoneNumber: {
        id: "5d6e7f80-aaaa-bbbb-cccc-000000000001",
        provider: "twilio",
        number: t.voiceNumber,
        name: "Main line",
        twilioAccountSid: "AC00000000000000000000000000000000",
      },
      customer: { number: caller },
      ...extra,
    },
  });
}

/** Vapi sends the server secret as x-vapi-secret, or a bearer credential: half the tenants each way. */
function authHeaders(t: BenchTenant, index: number): Record<string, string> {
  return index % 2 === 0 ? { "x-vapi-secret": t.secret } : { authorization: `Bearer ${t.secret}` };
}

let tenantSeq = 0;
function pickTenant(tenants: BenchTenant[]): { tenant: BenchTenant; index: number } {
  const index = tenantSeq++ % tenants.length;
  return { tenant: tenants[index]!, index };
}

function assistantOptions(tenants: BenchTenant[], duration: number): autocannon.Options {
  return {
    url: WEBHOOK,
    duration,
    requests: [
      {
        method: "POST",
        setupRequest(request) {
          const { tenant, index } = pickTenant(tenants);
          return {
            ...request,
            headers: { "content-type": "application/json", ...authHeaders(tenant, index) },
            body: vapiBody("assistant-request", tenant, randomUUID(), newCaller(tenant)),
          };
        },
      },
    ],
  };
}

type Step = "check_tomorrow" | "check_slot" | "book" | "reschedule" | "cancel";

/** Per-connection state of one call; autocannon resets it when its request list starts over. */
interface CallContext {
  tenant?: BenchTenant;
  index?: number;
  callId?: string;
  caller?: string;
  slot?: { date: string; time: string };
  name?: string;
  /** What the fourth tool call of this call does. */
  followUp?: Step;
  /** The step of the request in flight, for onResponse. */
  step?: Step;
}

interface Outcomes {
  [step: string]: { result: number; error: number; unexpected: number; samples: string[] };
}

const NAMES = { fr: ["Léa Martin", "Karim Haddad", "Julie Favre"], en: ["Sam Lee", "Alex Martin", "Priya Shah"] };
let callSeq = 0;

/** Whether a tool's `result` is the one this step should get (a free slot, a booking, …). */
function expected(step: Step, result: string): boolean {
  switch (step) {
    case "check_tomorrow":
      return true;
    case "check_slot":
      return / is free\.| est libre\./.test(result);
    case "book":
      return /^(Booked|Réservé) ?:/.test(result);
    case "reschedule":
      return /^(Moved|Déplacé) ?:/.test(result);
    case "cancel":
      return /^(Cancelled|Annulé) ?:/.test(result);
  }
}

/**
 * One call = four tool-call requests on one connection: check tomorrow, check
 * a precise slot, book it, then move it (odd calls) or cancel it (even calls).
 * Each call goes to the next tenant, from a new caller number.
 */
function toolOptions(tenants: BenchTenant[], duration: number, outcomes: Outcomes): autocannon.Options {
  const step = (which: Step | ((c: CallContext) => Step), args: (c: CallContext, s: Step) => Record<string, unknown>) => ({
    method: "POST" as const,
    setupRequest(request: autocannon.Request, context: CallContext) {
      const c = context;
      if (!c.tenant) {
        const picked = pickTenant(tenants);
        const seq = callSeq++;
        Object.assign(c, {
          ...picked,
          callId: randomUUID(),
          caller: newCaller(picked.tenant),
          name: NAMES[picked.tenant.locale][seq % 3],
          followUp: seq % 2 === 0 ? "reschedule" : "cancel",
        } satisfies CallContext);
      }
      const s = typeof which === "function" ? which(c) : which;
      c.step = s;
      const toolName = {
        check_tomorrow: "check_availability",
        check_slot: "check_availability",
        book: "book_appointment",
        reschedule: "reschedule_appointment",
        cancel: "cancel_appointment",
      }[s];
      const toolCallList = [
        { id: `call_${randomBytes(8).toString("hex")}`, type: "function", function: { name: toolName, arguments: JSON.stringify(args(c, s)) } },
      ];
      return {
        ...request,
        headers: { "content-type": "application/json", ...authHeaders(c.tenant!, c.index!) },
        body: vapiBody("tool-calls", c.tenant!, c.callId!, c.caller!, { toolCallList }),
      };
    },
    onResponse(status: number, body: string, context: CallContext) {
      const s = context.step!;
      const o = (outcomes[s] ??= { result: 0, error: 0, unexpected: 0, samples: [] });
      let r: { result?: string; error?: string } | undefined;
      try {
        r = status === 200 ? (JSON.parse(body) as { results: Array<{ result?: string; error?: string }> }).results[0] : undefined;
      } catch {
        r = undefined;
      }
      const note = (text: string) => {
        if (o.samples.length < 3) o.samples.push(text.slice(0, 200));
      };
      if (r?.result !== undefined) {
        o.result++;
        if (!expected(s, r.result)) {
          o.unexpected++;
          note(r.result);
        }
      } else {
        o.error++;
        note(r?.error ?? `HTTP ${status}`);
      }
    },
  });

  const slotText = (c: CallContext) => `${c.slot!.date}T${c.slot!.time}`;
  return {
    url: WEBHOOK,
    duration,
    requests: [
      step("check_tomorrow", (c) => ({
        service: c.tenant!.spokenServices[callSeq % c.tenant!.spokenServices.length],
        date: c.tenant!.locale === "fr" ? "demain" : "tomorrow",
      })),
      step("check_slot", (c) => {
        c.slot = nextSlot(c.tenant!);
        return { service: c.tenant!.bookService, date: c.slot.date, time: c.slot.time };
      }),
      step("book", (c) => ({ service: c.tenant!.bookService, startsAt: slotText(c), name: c.name })),
      step(
        (c) => c.followUp!,
        (c, s) => {
          if (s === "cancel") return { startsAt: slotText(c) };
          c.slot = nextSlot(c.tenant!);
          return { newStartsAt: slotText(c) };
        },
      ),
    ],
  };
}

// ------------------------------------------------------------------- load ---

/** autocannon stops sending, not the server working. */
const ping = () => fetch(`${BASE}/api/health`).then((r) => r.arrayBuffer());

interface Measure {
  name: string;
  requests: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/**
 * Runs autocannon and measures every response itself: autocannon's summary has
 * no p95 (its percentiles jump from 90 to 97.5).
 */
async function load(name: string, options: autocannon.Options): Promise<Measure> {
  const times: number[] = [];
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ title: name, connections: CONNECTIONS, duration: DURATION, ...options }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
    });
  });
  // autocannon's own duration (s) leaves out its start-up; the wall clock is the fallback.
  const seconds = result.duration > 0 ? result.duration : (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    name,
    requests: times.length,
    reqPerSec: times.length / seconds,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    max: times.at(-1) ?? NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0])),
  };
}

/** Server cost of one load: CPU (the whole `next start` group, or the handler process) and, in node mode, SQL per request. */
interface Cost {
  cpuMsPerRequest: number | null;
  statementsPerRequest: number | null;
  roundTripsPerRequest: number | null;
}

let serverPid = 0;

async function meterNow(): Promise<ServerMeter | null> {
  return MODE === "next" ? null : readServerMeter(BASE);
}

async function costed(name: string, options: autocannon.Options): Promise<Measure & Cost> {
  const cpu = () => (MODE === "next" ? processGroupCpuMicros(serverPid) : meterNow().then((m) => m!.cpuMicros));
  const [cpuBefore, before] = [await cpu(), await meterNow()];
  const measure = await load(name, options);
  const [cpuAfter, after] = [await cpu(), await meterNow()];
  const per = (x: number) => (measure.requests ? x / measure.requests : null);
  return {
    ...measure,
    cpuMsPerRequest: per((cpuAfter - cpuBefore) / 1000),
    statementsPerRequest: before && after ? per(after.statements - before.statements) : null,
    roundTripsPerRequest: before && after ? per(after.roundTrips - before.roundTrips) : null,
  };
}

function printTable(rows: Array<Measure & Cost>, health: Measure): void {
  const line = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(34) : c.padStart(9))).join(""));
  line(["endpoint", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "requests", "non-2xx", "errors", "CPU ms/req", "SQL/req", "RT/req"]);
  const fixed = (x: number | null, d: number) => (x === null ? "-" : x.toFixed(d));
  for (const r of rows) {
    line([
      r.name,
      r.reqPerSec.toFixed(0),
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      r.p99.toFixed(1),
      r.max.toFixed(0),
      String(r.requests),
      String(r.non2xx),
      String(r.errors),
      fixed(r.cpuMsPerRequest, 2),
      fixed(r.statementsPerRequest, 1),
      fixed(r.roundTripsPerRequest, 1),
    ]);
  }
  console.log("");
  line(["ratio to GET /api/health", "req/s", "p50", "p95", "p99"]);
  for (const r of rows.filter((x) => x !== health)) {
    const ratios = ratiosTo(r, health);
    line([r.name, `${ratios.reqPerSec.toFixed(2)}x`, `${ratios.p50.toFixed(1)}x`, `${ratios.p95.toFixed(1)}x`, `${ratios.p99.toFixed(1)}x`]);
  }
}

function ratiosTo(r: Measure, health: Measure) {
  return {
    reqPerSec: r.reqPerSec / health.reqPerSec,
    p50: r.p50 / health.p50,
    p95: r.p95 / health.p95,
    p99: r.p99 / health.p99,
  };
}

function verdict(r: Measure, budget: number): { pass: boolean; line: string } {
  const clean = r.non2xx === 0 && r.errors === 0;
  const pass = r.p95 <= budget && clean && r.requests > 0;
  const why = clean ? "" : ` (${r.non2xx} non-2xx, ${r.errors} errors)`;
  return { pass, line: `p95 <= ${budget} ms: ${pass ? "PASS" : "FAIL"} (p95 ${r.p95.toFixed(1)} ms)${why}` };
}

// ---------------------------------------------------------------- cleanup ---

let dbCreated = false;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopServers();
    if (!dbCreated) return;
    if (KEEP_DB) console.log(`kept database ${DB_NAME}`);
    else await onServer(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  })();
  return cleaning;
}

function cleanUpOnSignals(): void {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping the server and dropping ${DB_NAME}…`);
      cleanup()
        .catch((error) => console.error(error))
        .finally(() => process.exit(130));
    });
  }
}

// ------------------------------------------------------------------- main ---

async function main(): Promise<void> {
  console.log(
    `bench:vapi — ${TENANTS} tenants, ${CONNECTIONS} connections, ${DURATION} s per endpoint, server: ${MODE}` +
      ` (load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${os.cpus().length} CPUs)`,
  );
  const loadBefore = os.loadavg();
  cleanUpOnSignals();
  await onServer(`CREATE DATABASE "${DB_NAME}"`);
  dbCreated = true;
  try {
    await applyMigrations(benchUrl);
    const tenants = await createTenants();
    console.log(`created ${tenants.length} tenants with a voice number and a Vapi webhook secret each in ${DB_NAME}`);
    serverPid = (await startServer({ mode: MODE, port: PORT, env: serverEnv(), skipBuild: SKIP_BUILD, script: new URL(import.meta.url).pathname })).pid ?? 0;

    // Each endpoint gets a short unmeasured warm-up, and the server drains what
    // a run left queued before the next one starts.
    await load("warm-up", { url: `${BASE}/api/health`, duration: 2 });
    await waitUntilIdle(ping);
    const health = await costed("GET /api/health", { url: `${BASE}/api/health` });
    await waitUntilIdle(ping);

    await load("warm-up", assistantOptions(tenants, 3));
    await waitUntilIdle(ping);
    const assistant = await costed("POST vapi assistant-request", assistantOptions(tenants, DURATION));
    await waitUntilIdle(ping);

    await load("warm-up", toolOptions(tenants, 3, {}));
    await waitUntilIdle(ping);
    const outcomes: Outcomes = {};
    const tools = await costed("POST vapi tool-calls (mix)", toolOptions(tenants, DURATION, outcomes));
    const loadAfter = os.loadavg();

    console.log("");
    printTable([health, assistant, tools], health);
    console.log("");
    const va = verdict(assistant, BUDGET_MS.assistant);
    const vt = verdict(tools, BUDGET_MS.tools);
    console.log(`assistant-request ${va.line}`);
    console.log(`tool-calls ${vt.line}`);
    const toolsToHealth = tools.p95 / health.p95;
    console.log(`tool-calls p95 <= 3x health p95: ${toolsToHealth <= 3 ? "PASS" : "FAIL"} (${toolsToHealth.toFixed(2)}x)`);
    console.log("");
    console.log("tool-calls outcomes (measured run):");
    for (const [s, o] of Object.entries(outcomes)) {
      console.log(`  ${s.padEnd(15)} ${String(o.result).padStart(6)} results ${String(o.error).padStart(5)} errors ${String(o.unexpected).padStart(5)} unexpected`);
      for (const sample of o.samples) console.log(`      e.g. ${sample}`);
    }
    console.log(
      `\nload average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`,
    );

    const report = {
      at: new Date().toISOString(),
      config: { tenants: TENANTS, connections: CONNECTIONS, durationSeconds: DURATION, server: MODE, skipBuild: SKIP_BUILD },
      machine: { cpus: os.cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
      endpoints: {
        health,
        assistantRequest: { ...assistant, ratioToHealth: ratiosTo(assistant, health) },
        toolCalls: { ...tools, ratioToHealth: ratiosTo(tools, health), outcomes },
      },
      budgets: {
        assistantRequestP95Ms: { budget: BUDGET_MS.assistant, p95: assistant.p95, pass: va.pass },
        toolCallsP95Ms: { budget: BUDGET_MS.tools, p95: tools.p95, pass: vt.pass },
      },
    };
    mkdirSync(path.dirname(OUT_FILE), { recursive: true });
    writeFileSync(OUT_FILE, JSON.stringify(report, null, 2) + "\n");
    console.log(`wrote ${OUT_FILE}`);
  } finally {
    await cleanup();
  }
}

if (process.argv.includes("--serve-handlers")) {
  serveHandlers().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch(async (error) => {
    console.error(error);
    await cleanup().catch((e) => console.error(e));
    process.exit(1);
  });
}
