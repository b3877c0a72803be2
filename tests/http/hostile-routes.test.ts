import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimitFor } from "@/lib/http/body-limits";
import { setUpConsoleRoles, type ConsoleRolesEnv } from "../support/console-roles-env";
import { drive, handlersOf, routeTable, type Method, type RouteEntry, type RouteHandler } from "../support/route-table";
import { installStatementCounter, statementsDuring } from "../support/statement-counter";

/*
 * Every route and page of the app, read from the file system, against the
 * hostile inputs of issue 10: a deeply nested body, NUL in body and address,
 * an oversized body (declared, and streamed without a length), a content
 * type nobody reads, a malformed Host, a malformed Origin. Each must be a 4xx
 * answered before the database is asked anything (zero statements, no row
 * changed), costing under 50 ms of this process's CPU — measured with
 * process.cpuUsage, so a loaded machine does not make it flaky — and under a
 * generous 2 s of wall time. Requests carry real credentials (the owner's
 * session, a widget key, a Vapi secret), so it is the hostile part that is
 * refused, on the apex and on a tenant host. A route added to app/ is
 * covered without editing this file.
 */

let r: ConsoleRolesEnv;
let sessionCookie: string;
const table = routeTable();
const BODY_METHODS: Method[] = ["POST", "PUT", "PATCH", "DELETE"];
const CPU_BUDGET_MS = 50;
const WALL_BUDGET_MS = 2_000;

beforeAll(async () => {
  r = await setUpConsoleRoles("hostileroutes", { members: [] });
  installStatementCounter();
  sessionCookie = (await import("@/lib/auth/session-token")).sessionCookieName();
  // Load every route module before measuring, as a running server has.
  for (const entry of table) if (entry.kind === "route") await handlersOf(entry);
  await import("@/proxy");
}, 180_000);

const seen = { cases: 0, maxCpuMs: 0, maxWallMs: 0, statuses: new Map<number, number>() };

afterAll(async () => {
  const statuses = [...seen.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
  console.log(`[hostile-routes] ${seen.cases} cases; max ${seen.maxCpuMs.toFixed(1)} ms CPU, ${seen.maxWallMs.toFixed(0)} ms wall; ${statuses}`);
  await r?.env.close();
});

const HOSTS = { apex: "localhost:3000", tenant: "maple-dental.localhost:3000" } as const;

interface HostileCase {
  name: string;
  /** Only for methods that carry a body. */
  body?: true;
  build(url: string, method: Method, entry: RouteEntry): { url?: string; init: RequestInit & { headers: Record<string, string> } };
}

const deepJson = "[".repeat(12_000) + "]".repeat(12_000);

function oversized(entry: RouteEntry): string {
  return "x".repeat(bodyLimitFor(entry.path) + 1);
}

const CASES: HostileCase[] = [
  { name: "JSON nested 12,000 deep", body: true, build: () => ({ init: { headers: { "content-type": "application/json" }, body: deepJson } }) },
  { name: "NUL in a JSON string", body: true, build: () => ({ init: { headers: { "content-type": "application/json" }, body: '{"name":"a\\u0000b","message":"a\\u0000b","value":"a\\u0000b"}' } }) },
  { name: "NUL in a form field", body: true, build: () => ({ init: { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Body=a%00b&slug=a%00b&locale=a%00b" } }) },
  {
    name: "body over the path's limit, declared",
    body: true,
    build: (_u, _m, entry) => {
      const body = oversized(entry);
      return { init: { headers: { "content-type": "application/json", "content-length": String(body.length) }, body } };
    },
  },
  {
    name: "body over the path's limit, streamed without a length",
    body: true,
    build: (_u, _m, entry) => {
      const bytes = new TextEncoder().encode(oversized(entry));
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += 16_384) c.enqueue(bytes.slice(i, i + 16_384));
          c.close();
        },
      });
      return { init: { headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit & { headers: Record<string, string> } };
    },
  },
  { name: "text/plain body", body: true, build: () => ({ init: { headers: { "content-type": "text/plain" }, body: "hello" } }) },
  { name: "NUL in the query string", build: (url) => ({ url: `${url}?q=a%00b&cursor=%00`, init: { headers: {} } }) },
  { name: "NUL in the path", build: (url) => ({ url: `${url}%00`, init: { headers: {} } }) },
  ...["localhost:99999", "local host", "exa mple.localhost:3000", "localhost:3000:3000", "%%%", "localhost:0"].map(
    (host): HostileCase => ({ name: `Host ${JSON.stringify(host)}`, build: () => ({ init: { headers: { host } } }) }),
  ),
  ...["garbage", "http://", "http://a b", "javascript:alert(1)", "http://localhost:99999", "http://localhost:3000/path"].map(
    (origin): HostileCase => ({ name: `Origin ${JSON.stringify(origin)}`, build: () => ({ init: { headers: { origin } } }) }),
  ),
];

function credentials(hostKind: keyof typeof HOSTS): Record<string, string> {
  const maple = r.env.tenants["maple-dental"];
  return {
    cookie: `${sessionCookie}=${r.cookies.owner}`,
    "x-tenant-key": maple.widgetKey,
    "x-vapi-secret": maple.vapiSecret,
    host: HOSTS[hostKind],
  };
}

interface Outcome {
  status: number;
  answeredBy: string;
  statements: number;
  cpuMs: number;
  wallMs: number;
  text: string;
}

async function attempt(entry: RouteEntry, method: Method, handler: RouteHandler | undefined, hostKind: keyof typeof HOSTS, c: HostileCase): Promise<Outcome> {
  const base = `http://${HOSTS[hostKind]}${entry.path}`;
  const built = c.build(base, method, entry);
  const headers = { ...credentials(hostKind), ...built.init.headers };
  const request = new NextRequest(built.url ?? base, { ...built.init, method, headers } as ConstructorParameters<typeof NextRequest>[1]);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const { result, statements } = await statementsDuring(async () => {
    const driven = await drive(request, handler, entry.params);
    return { driven, text: await driven.response.text() };
  });
  const used = process.cpuUsage(cpu);
  return {
    status: result.driven.response.status,
    answeredBy: result.driven.answeredBy,
    statements,
    cpuMs: (used.user + used.system) / 1000,
    wallMs: performance.now() - wall,
    text: result.text.slice(0, 200),
  };
}

it("finds the routes and pages on disk", () => {
  expect(table.filter((e) => e.kind === "route").length).toBeGreaterThanOrEqual(40);
  expect(table.filter((e) => e.kind === "page").length).toBeGreaterThanOrEqual(15);
  expect(table.map((e) => e.path)).toContain("/api/webhooks/whatsapp");
  expect(table.map((e) => e.path)).toContain("/clients");
});

describe.each(table.map((e) => [e.file, e] as const))("%s", (_file, entry) => {
  it("refuses every hostile input with a 4xx, before any statement, within budget", async () => {
    const handlers = entry.kind === "route" ? await handlersOf(entry) : {};
    // A page is driven as the browser's GET and a server action's POST.
    const methods: Method[] = entry.kind === "route" ? (Object.keys(handlers) as Method[]) : ["GET", "POST"];
    const before = await r.env.countRows();
    const failures: string[] = [];
    let cases = 0;
    for (const method of methods) {
      for (const c of CASES) {
        if (c.body && !BODY_METHODS.includes(method)) continue;
        if (entry.kind === "page" && c.body && !c.name.includes("declared")) continue;
        for (const hostKind of Object.keys(HOSTS) as Array<keyof typeof HOSTS>) {
          if (c.name.startsWith("Host ") && hostKind === "tenant") continue;
          cases += 1;
          const o = await attempt(entry, method, handlers[method], hostKind, c);
          seen.cases += 1;
          seen.maxCpuMs = Math.max(seen.maxCpuMs, o.cpuMs);
          seen.maxWallMs = Math.max(seen.maxWallMs, o.wallMs);
          seen.statuses.set(o.status, (seen.statuses.get(o.status) ?? 0) + 1);
          const label = `${method} ${entry.path} [${hostKind}] ${c.name}`;
          if (o.status < 400 || o.status >= 500) failures.push(`${label}: ${o.status} (${o.answeredBy}) ${o.text}`);
          else if (o.statements !== 0) failures.push(`${label}: ${o.statements} statements before ${o.status}`);
          else if (o.cpuMs > CPU_BUDGET_MS) failures.push(`${label}: ${o.cpuMs.toFixed(1)} ms CPU`);
          else if (o.wallMs > WALL_BUDGET_MS) failures.push(`${label}: ${o.wallMs.toFixed(0)} ms wall`);
        }
      }
    }
    expect(cases).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect(await r.env.countRows()).toEqual(before);
  });
});
