/*
 * What the bench scripts share: env parsing, the throw-away database, demo
 * tenants, serving the app (next start or the bare route handlers) and
 * percentiles. Each script keeps its own traffic, measures and report.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import pg from "pg";
import type { Prisma } from "../lib/db/generated/client";
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

export type ServerMode = "next" | "node";

export function serverMode(): ServerMode {
  const mode = process.env.BENCH_SERVER || "next";
  if (mode !== "next" && mode !== "node") throw new Error("BENCH_SERVER must be next or node");
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
    child = spawnGroup("npx", ["next", "start", "-p", String(options.port), "-H", "127.0.0.1"], env, ["ignore", "ignore", "inherit"]);
  } else {
    child = spawnGroup(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", options.script, "--serve-handlers"], env, ["ignore", "inherit", "inherit"]);
  }
  await waitForServer(child, `http://127.0.0.1:${options.port}`);
  return child;
}

export interface RouteHandler {
  method: "GET" | "POST";
  path: string;
  handle: (request: Request) => Response | Promise<Response>;
}

/** BENCH_SERVER=node: GET /api/health and the given route handlers behind node:http, nothing else. */
export async function serveRouteHandlers(port: number, routes: RouteHandler[]): Promise<void> {
  const health = await import("../app/api/health/route");
  const all: RouteHandler[] = [{ method: "GET", path: "/api/health", handle: () => health.GET() }, ...routes];
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
