/*
 * npm run bench:chat-flood — fairness under a flood: one tenant's widget key
 * hammered by BENCH_FLOOD_CONNECTIONS concurrent clients (50), while a quiet
 * tenant's visitor chats as usual. The quiet tenant's latency is measured
 * alone first, then during the flood; the figure of merit is
 * p95(flooded) / p95(quiet), which admission control (lib/channels/
 * admission.ts) keeps under 3. With BENCH_FLOOD_COMPARE=1 the flood is played
 * a second time against a server whose admission is opened wide, for the
 * same-run baseline of what the flood did before.
 *
 * Exports runChatFlood() for bench:chat (BENCH_SCENARIO=flood); runs it when
 * executed directly. Env: BENCH_DATABASE_URL, BENCH_SERVER (next|node),
 * BENCH_PORT (3210), BENCH_SKIP_BUILD=1, BENCH_DURATION (32 s per condition,
 * in BENCH_FLOOD_ROUNDS (4) alternating rounds),
 * BENCH_FLOOD_CONNECTIONS (50), BENCH_QUIET_CONNECTIONS (2) each sending at
 * most one message per BENCH_QUIET_PACE_MS (200: half the default per-tenant
 * rate, so the quiet tenant never meets its own limit), BENCH_FLOOD_COMPARE=1. The per key and address chat limit is raised, so
 * only the tenant's admission stands between the flood and the server.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import { generateWidgetKey } from "../lib/channels/widget-key";
import { APP_ROLE, withUser } from "../lib/db/database-urls";
import { applyMigrations } from "../lib/db/migrate";
import { createUnscopedDb } from "../lib/db/tenant-db";
import { DEMO_TENANTS } from "../prisma/seed/demo-tenants";
import {
  benchDatabaseUrl,
  demoTenantData,
  intEnv,
  onServer,
  percentile,
  serveRouteHandlers,
  startServer,
  stopServers,
  waitUntilIdle,
  type ServerMode,
} from "./bench-harness";

export interface FloodOptions {
  mode: Exclude<ServerMode, "inprocess">;
  port: number;
  seconds: number;
  floodConnections: number;
  quietConnections: number;
  /** A quiet visitor sends at most one message per this many ms (a busy but real chat). */
  quietPaceMs: number;
  /** Alternations of "alone" and "during the flood", `seconds` split between them. */
  rounds: number;
  skipBuild: boolean;
  /** Also measure the flood against a server with admission opened wide. */
  compare: boolean;
}

export interface LatencyFigures {
  requests: number;
  p50: number;
  p95: number;
  statusCodes: Record<string, number>;
}

export interface FloodFigures {
  quiet: LatencyFigures;
  flooded: LatencyFigures;
  flood: LatencyFigures & { reqPerSec: number };
  /** p95 of the quiet tenant during the flood over its p95 alone. */
  p95Ratio: number;
}

export interface FloodReport {
  admitted: FloodFigures;
  /** The same flood with admission opened wide (BENCH_FLOOD_COMPARE=1). */
  unguarded?: FloodFigures;
}

const QUESTIONS = {
  fr: ["Bonjour, quels sont vos horaires ?", "Où êtes-vous situés ?", "Quels services proposez-vous ?"],
  en: ["Hello, what are your opening hours?", "Where are you located?", "Which services do you offer?"],
};

interface Tenant {
  key: string;
  locale: "fr" | "en";
}

async function createTenants(url: string, base: string): Promise<[Tenant, Tenant]> {
  const db = createUnscopedDb({ url, max: 2 });
  try {
    const made: Tenant[] = [];
    for (const i of [0, 1]) {
      const demo = DEMO_TENANTS[i % DEMO_TENANTS.length]!;
      const widget = generateWidgetKey();
      await db.tenant.create({
        data: {
          ...demoTenantData(demo, i),
          channelRoutes: { create: { channel: "web", key: widget.hash, keyPrefix: widget.prefix, label: "bench", allowedOrigins: [base] } },
        },
      });
      made.push({ key: widget.key, locale: demo.locale });
    }
    return [made[0]!, made[1]!];
  } finally {
    await db.$disconnect();
    await db.pool.end();
  }
}

function serverEnv(url: string, base: string, port: number, unguarded: boolean): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: url,
    APP_DATABASE_URL: withUser(url, APP_ROLE),
    FRONTDESK_MASTER_KEY: randomBytes(32).toString("base64"),
    FRONTDESK_MASTER_KEY_VERSION: "1",
    FRONTDESK_EMBEDDED_DB: "",
    PUBLIC_URL: base,
    PORT: String(port),
    CHAT_RATE_LIMIT_MAX: "1000000",
    ...(unguarded ? { CHANNEL_TENANT_RATE: "100000", CHANNEL_TENANT_BURST: "100000", CHANNEL_TENANT_CONCURRENCY: "1000" } : {}),
  };
}

function sender(base: string, connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  return (path: string, headers: Record<string, string> = {}, body?: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const request = http.request(`${base}${path}`, { method: body === undefined ? "GET" : "POST", agent, headers, timeout: 30_000 }, (response) => {
        response.on("data", () => undefined);
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      });
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", reject);
      request.end(body);
    });
}

type Send = ReturnType<typeof sender>;

const chat = (send: Send, tenant: Tenant, n: number) =>
  send("/api/v1/chat", { "content-type": "application/json", "x-tenant-key": tenant.key }, JSON.stringify({ message: QUESTIONS[tenant.locale][n % 3] }));

interface Samples {
  times: number[];
  statusCodes: Record<string, number>;
  seconds: number;
}

const emptySamples = (): Samples => ({ times: [], statusCodes: {}, seconds: 0 });

/** `users` loops of `turn` until the deadline, each starting a request every `paceMs` at most, into `into`. */
async function loop(into: Samples, users: number, until: number, turn: (n: number) => Promise<number>, paceMs = 0): Promise<void> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      for (let n = u; performance.now() < until; n += users) {
        const t = performance.now();
        const status = await turn(n).catch(() => 0);
        const took = performance.now() - t;
        into.times.push(took);
        into.statusCodes[status] = (into.statusCodes[status] ?? 0) + 1;
        if (paceMs > took) await new Promise((r) => setTimeout(r, paceMs - took));
      }
    }),
  );
  into.seconds += (performance.now() - started) / 1000;
}

function figures(s: Samples): LatencyFigures {
  const sorted = [...s.times].sort((a, b) => a - b);
  return { requests: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), statusCodes: s.statusCodes };
}

/*
 * The machine running a bench is rarely idle, and its load drifts: so the
 * quiet tenant is measured alone and under the flood in alternating rounds,
 * and each condition's percentiles are taken over all its rounds.
 */
async function measure(options: FloodOptions, base: string, flooder: Tenant, quiet: Tenant): Promise<FloodFigures> {
  const quietSend = sender(base, options.quietConnections);
  const floodSend = sender(base, options.floodConnections);
  const ping = () => quietSend("/api/health");
  const visitor = (n: number) => chat(quietSend, quiet, n);
  const roundMs = (options.seconds * 1000) / options.rounds;
  await loop(emptySamples(), options.quietConnections, performance.now() + 3_000, visitor, options.quietPaceMs);
  await waitUntilIdle(ping);
  const alone = emptySamples();
  const flooded = emptySamples();
  const flood = emptySamples();
  for (let round = 0; round < options.rounds; round++) {
    await loop(alone, options.quietConnections, performance.now() + roundMs, visitor, options.quietPaceMs);
    const until = performance.now() + roundMs + 1_000;
    await Promise.all([
      loop(flood, options.floodConnections, until, (n) => chat(floodSend, flooder, n)),
      // The visitors start once the flood is under way.
      new Promise((r) => setTimeout(r, 1_000)).then(() => loop(flooded, options.quietConnections, until, visitor, options.quietPaceMs)),
    ]);
    await waitUntilIdle(ping);
  }
  const quietFigures = figures(alone);
  const floodedFigures = figures(flooded);
  return {
    quiet: quietFigures,
    flooded: floodedFigures,
    flood: { ...figures(flood), reqPerSec: flood.times.length / flood.seconds },
    p95Ratio: floodedFigures.p95 / quietFigures.p95,
  };
}

export async function runChatFlood(options: FloodOptions): Promise<FloodReport> {
  const dbName = `frontdesk_bench_flood_${process.pid}`;
  const url = benchDatabaseUrl(dbName);
  const base = `http://127.0.0.1:${options.port}`;
  await onServer(`CREATE DATABASE "${dbName}"`);
  try {
    await applyMigrations(url);
    const [flooder, quiet] = await createTenants(url, base);
    const serve = async (unguarded: boolean, skipBuild: boolean) =>
      startServer({ mode: options.mode, port: options.port, env: serverEnv(url, base, options.port, unguarded), skipBuild, script: new URL(import.meta.url).pathname });
    await serve(false, options.skipBuild);
    const admitted = await measure(options, base, flooder, quiet);
    await stopServers();
    if (!options.compare) return { admitted };
    await serve(true, true);
    const unguarded = await measure(options, base, flooder, quiet);
    return { admitted, unguarded };
  } finally {
    await stopServers();
    await onServer(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

function print(name: string, f: FloodFigures): void {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const codes = (c: Record<string, number>) => Object.entries(c).map(([k, v]) => `${k}×${v}`).join(" ");
  console.log(`\n${name}`);
  console.log(`  quiet tenant alone:        p50 ${ms(f.quiet.p50)}  p95 ${ms(f.quiet.p95)}  (${f.quiet.requests} requests; ${codes(f.quiet.statusCodes)})`);
  console.log(`  quiet tenant during flood: p50 ${ms(f.flooded.p50)}  p95 ${ms(f.flooded.p95)}  (${f.flooded.requests} requests; ${codes(f.flooded.statusCodes)})`);
  console.log(`  flooding tenant:           ${f.flood.reqPerSec.toFixed(0)} req/s, p50 ${ms(f.flood.p50)}  p95 ${ms(f.flood.p95)}  (${codes(f.flood.statusCodes)})`);
  console.log(`  p95 ratio (flooded / alone): ${f.p95Ratio.toFixed(2)}×`);
}

/** The flood as configured by the environment (bench:chat-flood, or bench:chat with BENCH_SCENARIO=flood). */
export async function runFloodFromEnv(): Promise<void> {
  const port = intEnv("BENCH_PORT", 3210);
  if (process.argv.includes("--serve-handlers")) {
    const route = await import("../app/api/v1/chat/route");
    return serveRouteHandlers(port, [{ method: "POST", path: "/api/v1/chat", handle: (request) => route.POST(request) }]);
  }
  const mode = (process.env.BENCH_SERVER || "next") as FloodOptions["mode"];
  if (mode !== "next" && mode !== "node") throw new Error("BENCH_SERVER must be next or node for the flood");
  const options: FloodOptions = {
    mode,
    port,
    seconds: intEnv("BENCH_DURATION", 32),
    floodConnections: intEnv("BENCH_FLOOD_CONNECTIONS", 50),
    quietConnections: intEnv("BENCH_QUIET_CONNECTIONS", 2),
    quietPaceMs: intEnv("BENCH_QUIET_PACE_MS", 200, 0),
    rounds: intEnv("BENCH_FLOOD_ROUNDS", 4),
    skipBuild: process.env.BENCH_SKIP_BUILD === "1",
    compare: process.env.BENCH_FLOOD_COMPARE === "1",
  };
  console.log(
    `bench:chat-flood — ${options.floodConnections} flooding connections on one tenant, ${options.quietConnections} visitors ` +
      `(one message per ${options.quietPaceMs} ms at most) on another, ${options.seconds} s per condition in ${options.rounds} rounds, server: ${mode}`,
  );
  const report = await runChatFlood(options);
  print("admission on (defaults)", report.admitted);
  if (report.unguarded) print("admission opened wide (same run, for comparison)", report.unguarded);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runFloodFromEnv().catch(async (error) => {
    console.error(error);
    await stopServers();
    process.exit(1);
  });
}
