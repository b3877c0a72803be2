/*
 * What the bench scripts share: env parsing, the throw-away database, demo
 * tenants, serving the app (next start or the bare route handlers) and
 * percentiles. Each script keeps its own traffic, measures and report.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import type { Prisma } from "../lib/db/generated/client";
import { isTenantSettingStatement } from "../lib/db/tenant-setting";
import type { DemoTenant } from "../prisma/seed/demo-tenants";

export function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}`);
  return n;
}

/** A superuser URL; its database is only used to create and drop the bench database. */
export const BENCH_SERVER_URL = process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

/** The bench database `name` on BENCH_SERVER_URL's server. */
export function benchDatabaseUrl(name: string): string {
  const u = new URL(BENCH_SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** One statement on the server's own database (CREATE / DROP DATABASE). */
export async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
};

/** Tenant `i` modelled on a demo tenant: profile, hours, services and FAQ; the caller adds its channel routes. */
export function demoTenantData(demo: DemoTenant, i: number): Prisma.TenantUncheckedCreateInput {
  const slug = `bench-${i}-${demo.slug}`;
  return {
    slug,
    name: `${demo.name} ${i}`,
    region: demo.region,
    plan: "pro",
    status: "active",
    adminEmail: `owner@${slug}.test`,
    adminPhone: demo.adminPhone,
    timezone: demo.timezone,
    locale: demo.locale,
    businessProfile: {
      create: {
        businessName: `${demo.name} ${i}`,
        address: demo.address,
        transferPhone: demo.adminPhone,
        greeting: demo.greeting,
        personaName: demo.personaName,
        languages: demo.languages,
      },
    },
    openingHours: {
      createMany: {
        data: Object.entries(demo.hours).flatMap(([weekday, intervals]) =>
          intervals.map(([from, to]) => ({ weekday: Number(weekday), opensAt: minutesOf(from), closesAt: minutesOf(to) })),
        ),
      },
    },
    services: {
      createMany: {
        data: demo.services.map((s) => ({
          name: s.name,
          synonyms: s.synonyms ?? [],
          durationMinutes: s.durationMinutes,
          priceCents: s.priceCents ?? null,
          currency: s.currency ?? null,
        })),
      },
    },
    faqEntries: { createMany: { data: demo.faq } },
  };
}

// ----------------------------------------------------------------- server ---

/**
 * next: `next start`, the production server. node: the route handlers behind
 * node:http in a child process. inprocess: the route handlers called directly
 * in the bench's own process, no HTTP at all — the route handler's own cost.
 */
export type ServerMode = "next" | "node" | "inprocess";

export function serverMode(): ServerMode {
  const mode = process.env.BENCH_SERVER || "next";
  if (mode !== "next" && mode !== "node" && mode !== "inprocess") throw new Error("BENCH_SERVER must be next, node or inprocess");
  return mode;
}

const DIST_DIR = ".next/bench";

/** Children in their own process group, so cleanup can stop them and everything under them. */
const children = new Set<ChildProcess>();

function spawnGroup(cmd: string, args: string[], env: NodeJS.ProcessEnv, stdio: ("ignore" | "inherit")[]): ChildProcess {
  const child = spawn(cmd, args, { env, stdio, detached: true });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Stops every server and build this process started. */
export async function stopServers(): Promise<void> {
  await Promise.all([...children].map(stopGroup));
}

async function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawnGroup(cmd, args, env, ["ignore", "inherit", "inherit"]);
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${code}`);
}

async function waitForServer(child: ChildProcess, base: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not answer /api/health within 2 minutes");
}

export interface ServerOptions {
  mode: ServerMode;
  port: number;
  env: NodeJS.ProcessEnv;
  /** Reuse an existing DIST_DIR instead of running `next build`. */
  skipBuild: boolean;
  /** The calling script, run again with --serve-handlers in node mode. */
  script: string;
}

/**
 * next: `next build` into DIST_DIR, then `next start` — the production server
 * with proxy, routing and all. node: the script itself with --serve-handlers
 * (see serveRouteHandlers) — the handler cost alone.
 */
export async function startServer(options: ServerOptions): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...options.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" };
  let child: ChildProcess;
  if (options.mode === "next") {
    if (!options.skipBuild) {
      const t = Date.now();
      await run("npx", ["next", "build"], env);
      console.log(`next build: ${((Date.now() - t) / 1000).toFixed(0)} s`);
    } else {
      console.log(`BENCH_SKIP_BUILD=1: serving the existing ${DIST_DIR}`);
    }
    // BENCH_PROFILE=<dir>: a V8 CPU profile of the server, written when it stops.
    const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
    child = spawnGroup(process.execPath, [...profile, nextBin, "start", "-p", String(options.port), "-H", "127.0.0.1"], env, ["ignore", "ignore", "inherit"]);
  } else {
    // BENCH_PROFILE=<dir>: a V8 CPU profile of the handler process, written when it stops.
    const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    child = spawnGroup(
      process.execPath,
      [...profile, "--import", "tsx", "--import", "./scripts/server-only-hook.mjs", options.script, "--serve-handlers"],
      env,
      ["ignore", "ignore", "inherit"],
    );
  }
  await waitForServer(child, `http://127.0.0.1:${options.port}`);
  return child;
}

export interface RouteHandler {
  method: "GET" | "POST";
  path: string;
  handle: (request: Request) => Response | Promise<Response>;
}

/** What the server process has spent: CPU and what it sent to PostgreSQL. */
export interface ServerMeter {
  cpuMicros: number;
  /** Statements executed, the tenant-setting preamble excluded. */
  statements: number;
  /** Tenant-setting statements (SET LOCAL and the BEGIN/COMMIT around it), each riding with a statement. */
  preambles: number;
  /** Round trips: one per Sync of the extended protocol, one per simple query. */
  roundTrips: number;
}

/*
 * Counts at pg's wire layer, so every path (Prisma's adapter, the raw
 * statements of the turn, the pool) is measured the same way: an Execute is
 * a statement, a Sync or a simple Query a round trip.
 */
export function meterPostgres(): () => ServerMeter {
  const counts = { statements: 0, preambles: 0, roundTrips: 0 };
  const proto = (pg as unknown as { Connection: { prototype: Record<string, (...a: unknown[]) => unknown> } }).Connection.prototype;
  const lastParsed = new WeakMap<object, string>();
  const wrap = (name: string, count: (self: object, args: unknown[]) => void) => {
    const original = proto[name]!;
    proto[name] = function (this: object, ...args: unknown[]) {
      count(this, args);
      return original.apply(this, args);
    };
  };
  // BENCH_TRACE_SQL=1: every statement's text on stderr, to see what a request sends.
  const trace = process.env.BENCH_TRACE_SQL === "1" ? (text: string) => console.error(`[sql] ${text.replace(/\s+/g, " ").slice(0, 160)}`) : () => {};
  wrap("parse", (self, [msg]) => {
    const text = String((msg as { text?: string }).text ?? "");
    lastParsed.set(self, text);
    trace(text);
  });
  wrap("execute", (self) => {
    if (isTenantSettingStatement(lastParsed.get(self))) counts.preambles++;
    else counts.statements++;
  });
  wrap("sync", () => counts.roundTrips++);
  wrap("query", (_self, [q]) => {
    trace(typeof q === "string" ? q : String((q as { text?: string })?.text ?? ""));
    counts.roundTrips++;
    counts.statements++;
  });
  return () => {
    const cpu = process.cpuUsage();
    return { cpuMicros: cpu.user + cpu.system, ...counts };
  };
}

/** GET /__bench/stats of a BENCH_SERVER=node server. */
export async function readServerMeter(base: string): Promise<ServerMeter> {
  return (await fetch(`${base}/__bench/stats`)).json() as Promise<ServerMeter>;
}

/** BENCH_SERVER=node: GET /api/health and the given route handlers behind node:http, nothing else. */
export async function serveRouteHandlers(port: number, routes: RouteHandler[]): Promise<void> {
  const meter = meterPostgres();
  const health = await import("../app/api/health/route");
  const all: RouteHandler[] = [
    { method: "GET", path: "/api/health", handle: () => health.GET() },
    { method: "GET", path: "/__bench/stats", handle: () => Response.json(meter()) },
    ...routes,
  ];
  const base = `http://127.0.0.1:${port}`;
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`${base}${req.url}`, {
        method: req.method,
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      const pathname = new URL(request.url).pathname;
      const route = all.find((r) => r.path === pathname && r.method === req.method);
      const response = route ? await route.handle(request) : new Response("not found", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      res.writeHead(500).end();
    }
  });
  server.listen(port, "127.0.0.1");
  process.on("SIGTERM", () => process.exit(0));
}

// ------------------------------------------------------------------- load ---

/** Until a lone health check (`ping`) answers fast again: the load stopped, not the server working. */
export async function waitUntilIdle(ping: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const t = performance.now();
    await ping();
    if (performance.now() - t < 20) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const percentile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]! : NaN;

/** CPU (user + system, µs) of every live process in a process group: `next start` and its workers. */
export async function processGroupCpuMicros(pgid: number): Promise<number> {
  const { readdir, readFile } = await import("node:fs/promises");
  let ticks = 0;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  // Linux reports these in clock ticks of 1/100 s on every architecture Node runs on here.
  return ticks * 10_000;
}
