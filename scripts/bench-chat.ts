/*
 * npm run bench:chat — the web chat endpoint under load, next to the cheapest
 * route of the same server.
 *
 * 1. Creates a throw-away database (on BENCH_DATABASE_URL's server), migrates
 *    it and creates BENCH_TENANTS tenants modelled on the three demo tenants
 *    (hours, services, FAQ, time zone, language), each with a widget key.
 * 2. Serves the app (BENCH_SERVER):
 *      next  `next build` into .next/bench, then `next start` — the production
 *            server with proxy, routing and all (default);
 *      node  the route handlers imported into a plain node:http server — the
 *            handler cost alone, without Next's request pipeline.
 * 3. BENCH_CONNECTIONS virtual users on keep-alive connections, for
 *    BENCH_DURATION seconds each: first GET /api/health (no I/O: the floor),
 *    then POST /api/v1/chat, each user one conversation at a time on its own
 *    tenant (users spread over all tenants), played turn after turn with its
 *    conversationId. Conversations follow the tenant's real services and
 *    hours (bench-chat-callers.ts): two in three book, the third asks questions.
 * 4. Prints p50/p99 latency and req/s for both, the server's CPU per request
 *    (and, with BENCH_SERVER=node, SQL statements and round trips per request),
 *    how far the conversations got and how many booked; then plays one
 *    booking and one question conversation alone, turn by turn, and prints
 *    each turn's statements, round trips and CPU. Stops the server and drops
 *    the database (BENCH_KEEP_DB=1 keeps it).
 *
 * 5. BENCH_SERVER=inprocess: the same warm process is then measured with
 *    billing enforcement off and on, alternating (BENCH_BILLING_PAIRS (4)
 *    pairs of off, on, each BENCH_BILLING_DURATION seconds), first with BENCH_BILLING_CONNECTIONS (1)
 *    conversations at a time, where p50 is a turn's own latency, then under
 *    the full load, and prints p50 per turn, CPU, SQL statements and round
 *    trips per request for both (BENCH_BILLING=0 skips).
 *
 * Env: BENCH_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres),
 * BENCH_TENANTS (100), BENCH_CONNECTIONS (100), BENCH_DURATION (20),
 * BENCH_SCENARIO=flood (the fairness scenario of bench-chat-flood.ts instead),
 * BENCH_SERVER (next|node), BENCH_PORT (3210), BENCH_SKIP_BUILD=1 (reuse
 * .next/bench), DATABASE_POOL_SIZE (the app's default, 10).
 * Compare the two rows of one run, never absolute times across runs.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import { generateWidgetKey } from "../lib/channels/widget-key";
import { APP_ROLE, withUser } from "../lib/db/database-urls";
import { applyMigrations } from "../lib/db/migrate";
import { createUnscopedDb } from "../lib/db/tenant-db";
import { DEMO_TENANTS, type DemoTenant } from "../prisma/seed/demo-tenants";
import { callerScript, type CallerScript } from "./bench-chat-callers";
import {
  benchDatabaseUrl,
  demoTenantData,
  intEnv,
  onServer,
  percentile,
  meterPostgres,
  processGroupCpuMicros,
  readServerMeter,
  serveRouteHandlers,
  type ServerMeter,
  serverMode,
  startServer,
  stopServers,
  waitUntilIdle,
} from "./bench-harness";

// ------------------------------------------------------------------ config ---

const TENANTS = intEnv("BENCH_TENANTS", 100);
const CONNECTIONS = intEnv("BENCH_CONNECTIONS", 100);
const DURATION = intEnv("BENCH_DURATION", 20);
const PORT = intEnv("BENCH_PORT", 3210);
const MODE = serverMode();
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";

const DB_NAME = `frontdesk_bench_chat_${process.pid}`;
const benchUrl = benchDatabaseUrl(DB_NAME);
const BASE = `http://127.0.0.1:${PORT}`;

// --------------------------------------------------------------- database ---

interface BenchTenant {
  key: string;
  demo: DemoTenant;
  /** Which of the users on this tenant a new user is: its lane of times. */
  users: number;
}

async function createTenants(): Promise<BenchTenant[]> {
  const db = createUnscopedDb({ url: benchUrl, max: 4 });
  const out: BenchTenant[] = [];
  try {
    for (let i = 0; i < TENANTS; i++) {
      const demo = DEMO_TENANTS[i % DEMO_TENANTS.length]!;
      const widget = generateWidgetKey();
      await db.tenant.create({
        data: {
          ...demoTenantData(demo, i),
          channelRoutes: {
            create: { channel: "web", key: widget.hash, keyPrefix: widget.prefix, label: "bench", allowedOrigins: [BASE] },
          },
        },
      });
      out.push({ key: widget.key, demo, users: 0 });
    }
  } finally {
    await db.$disconnect();
    await db.pool.end();
  }
  return out;
}

// ----------------------------------------------------------------- server ---

function serverEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: benchUrl,
    APP_DATABASE_URL: withUser(benchUrl, APP_ROLE),
    FRONTDESK_MASTER_KEY: randomBytes(32).toString("base64"),
    FRONTDESK_MASTER_KEY_VERSION: "1",
    FRONTDESK_EMBEDDED_DB: "",
    PUBLIC_URL: BASE,
    PORT: String(PORT),
    // Every conversation comes from this one address and sends its turns back
    // to back: far past the per-address limit a person never reaches.
    CHAT_RATE_LIMIT_MAX: "1000000",
    // Likewise each tenant's admission (bench:chat-flood measures that one).
    CHANNEL_TENANT_RATE: "100000",
    CHANNEL_TENANT_BURST: "100000",
    CHANNEL_TENANT_CONCURRENCY: "1000",
  };
}

/** BENCH_SERVER=node: the chat route handler behind node:http. */
async function serveHandlers(): Promise<void> {
  const chat = await import("../app/api/v1/chat/route");
  await serveRouteHandlers(PORT, [{ method: "POST", path: "/api/v1/chat", handle: (request) => chat.POST(request) }]);
}

/** BENCH_SERVER=inprocess: this process becomes the server; its CPU then includes the load's own small share. */
async function serveInProcess(): Promise<{ pid: number }> {
  Object.assign(process.env, serverEnv());
  inProcess.meter = meterPostgres();
  const chat = await import("../app/api/v1/chat/route");
  const health = await import("../app/api/health/route");
  inProcess.routes = { "POST /api/v1/chat": (r) => chat.POST(r), "GET /api/health": () => health.GET() };
  return { pid: process.pid };
}

/** BENCH_PROFILE=<dir> with BENCH_SERVER=inprocess: a V8 CPU profile of the measured chat load alone. */
async function profileInProcess(): Promise<() => Promise<void>> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return async () => undefined;
  const { Session } = await import("node:inspector/promises");
  const { mkdir, writeFile } = await import("node:fs/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    await mkdir(dir, { recursive: true });
    await writeFile(`${dir}/chat-${Date.now()}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };
}

// ------------------------------------------------------------------- load ---

/*
 * The load is driven here, not by autocannon: autocannon rebuilds a
 * connection's context each time its request list starts over, so with one
 * templated request every "conversation" restarted at its first message and
 * the booking turns were never exercised. Here each virtual user is one
 * conversation with its own state, sending its next turn as soon as the
 * previous answer arrived, over a keep-alive agent with one socket per user.
 */

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

interface Answer {
  status: number;
  text: string;
}

function sendHttp(method: "GET" | "POST", path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${BASE}${path}`, { method, agent, headers, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", reject);
    request.end(body);
  });
}


/** BENCH_SERVER=inprocess: the route handlers, called directly; set up by main(). */
const inProcess: { routes?: Record<string, (request: Request) => Promise<Response> | Response>; meter?: () => ServerMeter } = {};

async function send(method: "GET" | "POST", path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  if (!inProcess.routes) return sendHttp(method, path, headers, body);
  const handle = inProcess.routes[`${method} ${path}`];
  if (!handle) throw new Error(`no in-process route for ${method} ${path}`);
  const response = await handle(new Request(`${BASE}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }));
  return { status: response.status, text: await response.text() };
}

/** The server's meter: the child's in node mode, this process's own in-process. */
const serverMeter = (): Promise<ServerMeter> => (inProcess.meter ? Promise.resolve(inProcess.meter()) : readServerMeter(BASE));

const ping = () => send("GET", "/api/health");

interface Measure {
  name: string;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** Every request's time, sorted. */
  times: number[];
}

/** One request of a virtual user; its status, once answered. */
type VirtualUser = () => Promise<number>;

/** Runs every virtual user in a loop for `seconds` and measures each request end to end (body read). */
async function load(name: string, seconds: number, users: VirtualUser[]): Promise<Measure> {
  const times: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    users.map(async (user) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          const status = await user();
          times.push(performance.now() - t);
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const non2xx = Object.entries(statusCodes)
    .filter(([code]) => !code.startsWith("2"))
    .reduce((n, [, count]) => n + count, 0);
  return { name, requests: times.length, reqPerSec: times.length / elapsed, p50: percentile(times, 0.5), p99: percentile(times, 0.99), non2xx, errors, statusCodes, times };
}

const healthUser: VirtualUser = async () => (await send("GET", "/api/health")).status;

interface ChatTally {
  conversations: Record<CallerScript["kind"], number>;
  finished: Record<CallerScript["kind"], number>;
  booked: number;
  /** Booking conversations that reached their last turn without booking: the dialogue went astray. */
  unbooked: number;
}

const newTally = (): ChatTally => ({ conversations: { booking: 0, questions: 0 }, finished: { booking: 0, questions: 0 }, booked: 0, unbooked: 0 });

interface Caller {
  tenant: BenchTenant;
  lane: number;
  /** Conversations started so far: rounds go on across the warm-up and the measure, so no slot is asked twice. */
  round: number;
}

function chatTurn(tenant: BenchTenant, message: string, conversationId: string | undefined): Promise<Answer> {
  return send(
    "POST",
    "/api/v1/chat",
    { "content-type": "application/json", "x-tenant-key": tenant.key },
    JSON.stringify({ message, ...(conversationId ? { conversationId } : {}) }),
  );
}

/** One conversation per virtual user on its own tenant; a new one starts after the script's last turn. */
function chatUsers(callers: Caller[], tally: ChatTally): VirtualUser[] {
  return callers.map((caller) => {
    let script: CallerScript | undefined;
    let turn = 0;
    let booked = false;
    let conversationId: string | undefined;
    return async () => {
      if (!script) {
        script = callerScript(caller.tenant.demo, caller.lane, caller.round++);
        tally.conversations[script.kind]++;
      }
      const answer = await chatTurn(caller.tenant, script.turns[turn]!, conversationId);
      const restart = () => {
        script = undefined;
        turn = 0;
        booked = false;
        conversationId = undefined;
      };
      // The conversation cannot be trusted to be where we think: start a new one.
      if (answer.status !== 200) return restart(), answer.status;
      const body = JSON.parse(answer.text) as { conversationId: string; appointment: { status: string } | null };
      conversationId = body.conversationId;
      if (body.appointment?.status === "booked") booked = true;
      if (++turn === script.turns.length) {
        tally.finished[script.kind]++;
        if (booked) tally.booked++;
        else if (script.kind === "booking") tally.unbooked++;
        restart();
      }
      return answer.status;
    };
  });
}

interface TurnCost {
  message: string;
  kind: "booking" | "other";
  statements: number;
  roundTrips: number;
  cpuMs: number;
}

/** Plays one conversation alone, turn by turn, metering each turn on the server. */
async function probe(caller: Caller): Promise<TurnCost[]> {
  const script = callerScript(caller.tenant.demo, caller.lane, caller.round++);
  const costs: TurnCost[] = [];
  let conversationId: string | undefined;
  for (const message of script.turns) {
    const before = await serverMeter();
    const answer = await chatTurn(caller.tenant, message, conversationId);
    const after = await serverMeter();
    if (answer.status !== 200) throw new Error(`probe turn "${message}" answered ${answer.status}: ${answer.text}`);
    const body = JSON.parse(answer.text) as { conversationId: string; reply: string; appointment: unknown };
    conversationId = body.conversationId;
    // A turn that reads or writes appointments: the time asked, and the confirmation.
    const kind = /disponible|available|réservé|booked/i.test(body.reply) ? "booking" : "other";
    costs.push({
      message,
      kind,
      // The meter's own request is not a statement; the chat turn is everything in between.
      statements: after.statements - before.statements,
      roundTrips: after.roundTrips - before.roundTrips,
      cpuMs: (after.cpuMicros - before.cpuMicros) / 1000,
    });
  }
  return costs;
}

function printTable(rows: Measure[], cpu: Array<number | null>): void {
  const line = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(20) : c.padStart(11))).join(""));
  line(["endpoint", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx", "errors", "CPU ms/req"]);
  rows.forEach((r, i) =>
    line([r.name, r.reqPerSec.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), String(r.requests), String(r.non2xx), String(r.errors), cpu[i] === null ? "-" : cpu[i]!.toFixed(2)]),
  );
}

/** Server CPU (µs) so far: the handler process in node mode, the whole `next start` group otherwise. */
function serverCpu(pid: number): Promise<number> {
  return MODE === "next" ? processGroupCpuMicros(pid) : serverMeter().then((m) => m.cpuMicros);
}

function measured(name: string, users: VirtualUser[], pid: number) {
  return measuredFor(name, users, pid, DURATION);
}

async function measuredFor(name: string, users: VirtualUser[], pid: number, seconds: number): Promise<{ result: Measure; cpuMs: number | null; meter: ServerMeter | null }> {
  const cpuBefore = await serverCpu(pid);
  const meterBefore = MODE === "next" ? null : await serverMeter();
  const result = await load(name, seconds, users);
  const cpuAfter = await serverCpu(pid);
  const meterAfter = MODE === "next" ? null : await serverMeter();
  const meter =
    meterBefore && meterAfter
      ? {
          cpuMicros: meterAfter.cpuMicros - meterBefore.cpuMicros,
          statements: meterAfter.statements - meterBefore.statements,
          preambles: meterAfter.preambles - meterBefore.preambles,
          roundTrips: meterAfter.roundTrips - meterBefore.roundTrips,
        }
      : null;
  return { result, cpuMs: result.requests ? (cpuAfter - cpuBefore) / 1000 / result.requests : null, meter };
}

/*
 * Billing enforcement's cost per turn: the decision from the cached config on
 * every request, plus the counter's one statement when a turn opens a new
 * conversation. Rounds alternate so that drift on a shared machine falls on
 * both sides alike; the figures are the pooled rounds of each side.
 */
async function compareBilling(callers: Caller[], pid: number): Promise<void> {
  const { unsafeSetBillingEnforcement } = await import("../lib/billing/channel-billing");
  const seconds = intEnv("BENCH_BILLING_DURATION", DURATION);
  // Unloaded (one conversation at a time: p50 is the turn's own latency) and under the full load.
  for (const users of [callers.slice(0, intEnv("BENCH_BILLING_CONNECTIONS", 1)), callers]) {
    await compareBillingAt(users, pid, seconds, unsafeSetBillingEnforcement);
  }
}

async function compareBillingAt(callers: Caller[], pid: number, seconds: number, setEnforcement: (on: boolean) => void): Promise<void> {
  const sides = { off: [] as Awaited<ReturnType<typeof measured>>[], on: [] as Awaited<ReturnType<typeof measured>>[] };
  const pairs = intEnv("BENCH_BILLING_PAIRS", 4);
  for (const side of Array.from({ length: pairs }, () => ["off", "on"] as const).flat()) {
    setEnforcement(side === "on");
    await load("warm-up", 1, chatUsers(callers, newTally()));
    await waitUntilIdle(ping);
    sides[side].push(await measuredFor(`chat, billing ${side}`, chatUsers(callers, newTally()), pid, seconds));
  }
  setEnforcement(true);
  const pooled = (runs: Awaited<ReturnType<typeof measured>>[]) => {
    const requests = runs.reduce((n, r) => n + r.result.requests, 0);
    const sum = (f: (r: Awaited<ReturnType<typeof measured>>) => number) => runs.reduce((n, r) => n + f(r), 0);
    const times = runs.flatMap((r) => r.result.times).sort((a, b) => a - b);
    return {
      requests,
      p50: percentile(times, 0.5),
      p99: percentile(times, 0.99),
      reqPerSec: sum((r) => r.result.reqPerSec) / runs.length,
      cpuMs: sum((r) => (r.cpuMs ?? 0) * r.result.requests) / requests,
      statements: sum((r) => r.meter?.statements ?? 0) / requests,
      roundTrips: sum((r) => r.meter?.roundTrips ?? 0) / requests,
    };
  };
  const off = pooled(sides.off);
  const on = pooled(sides.on);
  console.log(`\nbilling enforcement, ${callers.length} connection(s), same process, alternating rounds, each side's rounds pooled:`);
  const line = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(14) : c.padStart(12))).join(""));
  line(["enforcement", "req/s", "p50 ms", "p99 ms", "requests", "CPU ms/req", "SQL/req", "trips/req"]);
  for (const [name, r] of [["off", off], ["on", on]] as const) {
    line([name, r.reqPerSec.toFixed(0), r.p50.toFixed(2), r.p99.toFixed(1), String(r.requests), r.cpuMs.toFixed(3), r.statements.toFixed(2), r.roundTrips.toFixed(2)]);
  }
  console.log(
    `billing on − off: p50 ${(on.p50 - off.p50 >= 0 ? "+" : "") + (on.p50 - off.p50).toFixed(2)} ms per turn, CPU ${(on.cpuMs - off.cpuMs >= 0 ? "+" : "") + (on.cpuMs - off.cpuMs).toFixed(3)} ms per request, ` +
      `${(on.statements - off.statements).toFixed(2)} statements and ${(on.roundTrips - off.roundTrips).toFixed(2)} round trips per request`,
  );
}

async function main(): Promise<void> {
  if (process.argv.includes("--serve-handlers")) return serveHandlers();
  // BENCH_SCENARIO=flood: the fairness scenario (one tenant flooding, another chatting) instead of the load.
  if (process.env.BENCH_SCENARIO === "flood") return (await import("./bench-chat-flood")).runFloodFromEnv();

  console.log(`bench:chat — ${TENANTS} tenants, ${CONNECTIONS} connections, ${DURATION} s per endpoint, server: ${MODE}`);
  await onServer(`CREATE DATABASE "${DB_NAME}"`);
  try {
    await applyMigrations(benchUrl);
    const tenants = await createTenants();
    console.log(`created ${tenants.length} tenants with widget keys in ${DB_NAME}`);
    const server = MODE === "inprocess" ? await serveInProcess() : await startServer({
      mode: MODE,
      port: PORT,
      env: serverEnv(),
      skipBuild: process.env.BENCH_SKIP_BUILD === "1",
      script: new URL(import.meta.url).pathname,
    });
    const callers: Caller[] = Array.from({ length: CONNECTIONS }, (_, i) => {
      const tenant = tenants[i % tenants.length]!;
      return { tenant, lane: tenant.users++, round: 0 };
    });

    // Each endpoint gets a short unmeasured warm-up (connections, code paths,
    // first conversations), and the server drains what a run left queued
    // before the next one starts, so neither measurement pays for the other.
    const healthUsers = Array.from({ length: CONNECTIONS }, () => healthUser);
    await load("warm-up", 2, healthUsers);
    await waitUntilIdle(ping);
    const health = await measured("GET /api/health", healthUsers, server.pid!);
    await waitUntilIdle(ping);
    await load("warm-up", 3, chatUsers(callers, newTally()));
    await waitUntilIdle(ping);
    const tally = newTally();
    const stopProfile = MODE === "inprocess" ? await profileInProcess() : async () => undefined;
    const chat = await measured("POST /api/v1/chat", chatUsers(callers, tally), server.pid!);
    await stopProfile();
    await waitUntilIdle(ping);
    console.log("");
    printTable([health.result, chat.result], [health.cpuMs, chat.cpuMs]);
    const conversations = tally.conversations.booking + tally.conversations.questions;
    const finished = tally.finished.booking + tally.finished.questions;
    console.log(
      `\nchat/health: throughput ${(chat.result.reqPerSec / health.result.reqPerSec).toFixed(3)}, p50 ${(chat.result.p50 / health.result.p50).toFixed(1)}×` +
        (chat.cpuMs !== null && health.cpuMs ? `, CPU per request ${(chat.cpuMs / health.cpuMs).toFixed(1)}× (${chat.cpuMs.toFixed(2)} against ${health.cpuMs.toFixed(2)} ms)` : ""),
    );
    if (chat.meter && chat.result.requests) {
      const n = chat.result.requests;
      console.log(
        `chat SQL per request: ${(chat.meter.statements / n).toFixed(2)} statements (+${(chat.meter.preambles / n).toFixed(2)} tenant-setting preambles riding with them), ${(chat.meter.roundTrips / n).toFixed(2)} round trips`,
      );
    }
    console.log(
      `chat: ${conversations} conversations (${tally.conversations.booking} booking, ${tally.conversations.questions} questions), ${finished} played to their last turn; ` +
        `${tally.booked} booked = ${finished ? ((100 * tally.booked) / finished).toFixed(0) : 0}% of finished conversations; ${tally.unbooked} booking conversations ended without a booking`,
    );
    if (MODE === "inprocess" && process.env.BENCH_BILLING !== "0") await compareBilling(callers, server.pid!);
    if (MODE !== "next") {
      // A lane of its own on the first tenant books a time no load caller asked for; round 2 only asks questions.
      const first = tenants[0]!;
      const turns = [...(await probe({ tenant: first, lane: first.users++, round: 0 })), ...(await probe({ tenant: tenants[2 % tenants.length]!, lane: 0, round: 2 }))];
      console.log("\none conversation at a time (statements exclude the tenant-setting preamble):");
      for (const t of turns) {
        console.log(`  ${t.kind.padEnd(8)} ${String(t.statements).padStart(3)} statements ${String(t.roundTrips).padStart(3)} round trips ${t.cpuMs.toFixed(2).padStart(7)} ms CPU  ${t.message}`);
      }
      const other = turns.filter((t) => t.kind === "other");
      const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
      console.log(`  non-booking turns: ${avg(other.map((t) => t.statements)).toFixed(1)} statements, ${avg(other.map((t) => t.roundTrips)).toFixed(1)} round trips on average`);
    }
    if (chat.result.non2xx > 0 || chat.result.errors > 0) {
      console.log(`warning: ${chat.result.non2xx} non-2xx and ${chat.result.errors} failed chat requests (${JSON.stringify(chat.result.statusCodes)})`);
    }
    if (!(finished > 0)) {
      process.exitCode = 1;
      console.log("error: no conversation reached its last turn: the load did not exercise the dialogue");
    }
  } finally {
    await stopServers();
    if (KEEP_DB) console.log(`kept database ${DB_NAME}`);
    else await onServer(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
