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
 *    then POST /api/v1/chat, each user one conversation on its own tenant
 *    (users spread over all tenants), a scripted dialogue (questions, then a
 *    booking) played turn after turn with its conversationId, starting a new
 *    conversation after its last turn.
 * 4. Prints p50/p99 latency and req/s for both, how far the conversations got
 *    (requests per turn, bookings), then stops the server and drops the
 *    database (BENCH_KEEP_DB=1 keeps it).
 *
 * Env: BENCH_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres),
 * BENCH_TENANTS (100), BENCH_CONNECTIONS (100), BENCH_DURATION (20),
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
import { DEMO_TENANTS } from "../prisma/seed/demo-tenants";
import {
  benchDatabaseUrl,
  demoTenantData,
  intEnv,
  onServer,
  percentile,
  serveRouteHandlers,
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

// The same dialogue in each tenant's language; the booking turns make the
// run exercise availability, the exclusion constraint and the writes.
const SCRIPTS: Record<"fr" | "en", string[]> = {
  fr: [
    "Bonjour, quels sont vos horaires ?",
    "Où êtes-vous situés ?",
    "Je voudrais prendre rendez-vous mardi prochain à {hour}h",
    "Je m'appelle Léa Martin, mon numéro est le 079 123 45 67",
    "Oui, c'est parfait",
    "Merci, au revoir",
  ],
  en: [
    "Hello, what are your opening hours?",
    "Where are you located?",
    "I'd like to book an appointment next Tuesday at {hour}:00",
    "My name is Sam Lee, my number is 416 555 0199",
    "Yes, that's perfect",
    "Thanks, bye",
  ],
};

// --------------------------------------------------------------- database ---

interface BenchTenant {
  key: string;
  locale: "fr" | "en";
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
      out.push({ key: widget.key, locale: demo.locale });
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
  };
}

/** BENCH_SERVER=node: the chat route handler behind node:http. */
async function serveHandlers(): Promise<void> {
  const chat = await import("../app/api/v1/chat/route");
  await serveRouteHandlers(PORT, [{ method: "POST", path: "/api/v1/chat", handle: (request) => chat.POST(request) }]);
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

function send(method: "GET" | "POST", path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
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
  return { name, requests: times.length, reqPerSec: times.length / elapsed, p50: percentile(times, 0.5), p99: percentile(times, 0.99), non2xx, errors, statusCodes };
}

const healthUser: VirtualUser = async () => (await send("GET", "/api/health")).status;

interface ChatTally {
  conversations: number;
  finished: number;
  /** Requests per turn index: proof that conversations advance past their first message. */
  turns: number[];
  booked: number;
}

/** One conversation per virtual user on its own tenant; a new one starts after the script's last turn. */
function chatUsers(tenants: BenchTenant[], tally: ChatTally): VirtualUser[] {
  return Array.from({ length: CONNECTIONS }, (_, i) => {
    const tenant = tenants[i % tenants.length]!;
    const script = SCRIPTS[tenant.locale];
    let turn = 0;
    let round = 0;
    let conversationId: string | undefined;
    return async () => {
      if (turn === 0) tally.conversations++;
      // A different hour each round, so later rounds book too instead of only meeting a taken slot.
      const message = script[turn]!.replace("{hour}", String(9 + ((round + i) % 8)));
      const answer = await send(
        "POST",
        "/api/v1/chat",
        { "content-type": "application/json", "x-tenant-key": tenant.key },
        JSON.stringify({ message, ...(conversationId ? { conversationId } : {}) }),
      );
      tally.turns[turn] = (tally.turns[turn] ?? 0) + 1;
      if (answer.status !== 200) {
        // The conversation cannot be trusted to be where we think: start a new one.
        turn = 0;
        conversationId = undefined;
        return answer.status;
      }
      const body = JSON.parse(answer.text) as { conversationId: string; appointment: { status: string } | null };
      conversationId = body.conversationId;
      if (body.appointment?.status === "booked") tally.booked++;
      turn += 1;
      if (turn === script.length) {
        tally.finished++;
        turn = 0;
        round += 1;
        conversationId = undefined;
      }
      return answer.status;
    };
  });
}

function printTable(rows: Measure[]): void {
  const line = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(20) : c.padStart(10))).join(""));
  line(["endpoint", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx", "errors"]);
  for (const r of rows) {
    line([r.name, r.reqPerSec.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), String(r.requests), String(r.non2xx), String(r.errors)]);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--serve-handlers")) return serveHandlers();

  console.log(`bench:chat — ${TENANTS} tenants, ${CONNECTIONS} connections, ${DURATION} s per endpoint, server: ${MODE}`);
  await onServer(`CREATE DATABASE "${DB_NAME}"`);
  try {
    await applyMigrations(benchUrl);
    const tenants = await createTenants();
    console.log(`created ${tenants.length} tenants with widget keys in ${DB_NAME}`);
    await startServer({
      mode: MODE,
      port: PORT,
      env: serverEnv(),
      skipBuild: process.env.BENCH_SKIP_BUILD === "1",
      script: new URL(import.meta.url).pathname,
    });

    // Each endpoint gets a short unmeasured warm-up (connections, code paths,
    // first conversations), and the server drains what a run left queued
    // before the next one starts, so neither measurement pays for the other.
    const healthUsers = Array.from({ length: CONNECTIONS }, () => healthUser);
    await load("warm-up", 2, healthUsers);
    await waitUntilIdle(ping);
    const healthResult = await load("GET /api/health", DURATION, healthUsers);
    await waitUntilIdle(ping);
    await load("warm-up", 3, chatUsers(tenants, { conversations: 0, finished: 0, turns: [], booked: 0 }));
    await waitUntilIdle(ping);
    const tally: ChatTally = { conversations: 0, finished: 0, turns: [], booked: 0 };
    const chatResult = await load("POST /api/v1/chat", DURATION, chatUsers(tenants, tally));
    console.log("");
    printTable([healthResult, chatResult]);
    const script = SCRIPTS.fr.length;
    console.log(
      `\nchat: ${tally.conversations} conversations on ${Math.min(CONNECTIONS, tenants.length)} tenants, ${tally.finished} played to their last (${script}th) turn, ` +
        `${tally.booked} appointments booked; requests per turn: ${Array.from({ length: script }, (_, t) => tally.turns[t] ?? 0).join(" / ")}`,
    );
    if (chatResult.non2xx > 0 || chatResult.errors > 0) {
      console.log(`warning: ${chatResult.non2xx} non-2xx and ${chatResult.errors} failed chat requests (${JSON.stringify(chatResult.statusCodes)})`);
    }
    if (!(tally.turns[script - 1]! > 0)) {
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
