import { readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Action } from "@/lib/auth/permissions";
import { drive, handlersOf, routeTable, type Method, type RouteEntry } from "../support/route-table";
import { MAPLE_HOST, databaseDigest, setUpSupport, type SupportEnv } from "./support-env";

/*
 * Every route of the app, read from the file system, driven through proxy.ts
 * on maple-dental's host with a live support cookie and no member session.
 * Read-only (the default): every non-GET is refused and the database is
 * byte-for-byte unchanged; a route behind the console wrapper answers 403
 * with support_read_only (or support_not_allowed for what support never
 * does). With changes allowed by the owner, the never-list stays refused.
 * Every GET answer is searched for the tenant's stored secrets. The one
 * non-GET support may always send is its own Exit.
 */

let s: SupportEnv;
let cookie: string;
const table = routeTable().filter((e) => e.kind === "route");
const WRITES: Method[] = ["POST", "PUT", "PATCH", "DELETE"];
const EXIT_FILE = path.join("app", "api", "support", "exit", "route.ts");
let NEVER: ReadonlySet<Action>;

beforeAll(async () => {
  s = await setUpSupport("supportroutes");
  NEVER = (await import("@/lib/platform/support")).SUPPORT_NEVER;
  for (const entry of table) await handlersOf(entry);
  cookie = await s.supportCookie();
}, 180_000);

afterAll(async () => {
  await s?.close();
});

/** The permission each exported method of a console route names, read from its source. */
function consoleActions(entry: RouteEntry): Partial<Record<Method, Action>> {
  const source = readFileSync(path.resolve(import.meta.dirname, "../..", entry.file), "utf8");
  const found: Partial<Record<Method, Action>> = {};
  for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = withTenantUser(?:<[^>]*>)?\(\s*\{\s*action:\s*"([a-z_.]+)"/g)) {
    found[m[1] as Method] = m[2] as Action;
  }
  return found;
}

function send(entry: RouteEntry, method: Method, extra: Record<string, string> = {}) {
  const url = `http://${MAPLE_HOST}${entry.path}`;
  return new NextRequest(url, {
    method,
    headers: { host: MAPLE_HOST, cookie, "content-type": "application/json", ...extra },
    body: WRITES.includes(method) ? "{}" : undefined,
  });
}

async function attempt(entry: RouteEntry, method: Method) {
  const handlers = await handlersOf(entry);
  const driven = await drive(send(entry, method), handlers[method], entry.params);
  const text = await driven.response.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: driven.response.status, code, text };
}

it("walks the console's write routes, not a hand-picked few", () => {
  const writes = table.flatMap((e) => Object.entries(consoleActions(e)).filter(([m]) => WRITES.includes(m as Method)));
  expect(writes.length).toBeGreaterThanOrEqual(35);
  expect(table.map((e) => e.file)).toContain(EXIT_FILE);
});

it("finds the console wrapper's action for every method a console route exports", async () => {
  const unparsed: string[] = [];
  for (const entry of table) {
    const source = readFileSync(path.resolve(import.meta.dirname, "../..", entry.file), "utf8");
    if (!source.includes("withTenantUser(")) continue;
    const actions = consoleActions(entry);
    for (const method of Object.keys(await handlersOf(entry))) if (!actions[method as Method]) unparsed.push(`${method} ${entry.file}`);
  }
  expect(unparsed).toEqual([]);
});

describe("read-only support (the owner has not allowed changes)", () => {
  describe.each(table.filter((e) => e.file !== EXIT_FILE).map((e) => [e.file, e] as const))("%s", (_file, entry) => {
    it("refuses every non-GET and writes nothing", async () => {
      const actions = consoleActions(entry);
      const methods = Object.keys(await handlersOf(entry)).filter((m) => WRITES.includes(m as Method)) as Method[];
      const failures: string[] = [];
      for (const method of methods) {
        const before = await databaseDigest(s.admin);
        const o = await attempt(entry, method);
        const after = await databaseDigest(s.admin);
        const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
        const label = `${method} ${entry.path}`;
        if (changed.length) failures.push(`${label}: wrote to ${changed.join(", ")}`);
        const action = actions[method];
        if (action) {
          const expected = NEVER.has(action) ? "support_not_allowed" : "support_read_only";
          if (o.status !== 403 || o.code !== expected) failures.push(`${label} (${action}): ${o.status} ${o.code ?? o.text.slice(0, 120)}, expected 403 ${expected}`);
        } else if (o.status >= 200 && o.status < 300) {
          failures.push(`${label}: ${o.status} for support outside the console`);
        }
      }
      expect(failures).toEqual([]);
    });
  });
});

describe("support with changes allowed by the owner", () => {
  beforeAll(async () => s.setWritesAllowed(true));
  afterAll(async () => s.setWritesAllowed(false));

  it("still refuses, and writes nothing for, every route whose action support never performs", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const entry of table) {
      for (const [method, action] of Object.entries(consoleActions(entry)) as Array<[Method, Action]>) {
        if (!WRITES.includes(method) || !NEVER.has(action)) continue;
        checked += 1;
        const before = await databaseDigest(s.admin);
        const o = await attempt(entry, method);
        const after = await databaseDigest(s.admin);
        if (Object.keys(after).some((t) => after[t] !== before[t])) failures.push(`${method} ${entry.path}: wrote`);
        if (o.status !== 403 || o.code !== "support_not_allowed") failures.push(`${method} ${entry.path} (${action}): ${o.status} ${o.code}`);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
    expect(failures).toEqual([]);
  });

  it("lets every other console write through to its own checks (no support refusal)", async () => {
    const refusedAnyway: string[] = [];
    for (const entry of table) {
      for (const [method, action] of Object.entries(consoleActions(entry)) as Array<[Method, Action]>) {
        if (!WRITES.includes(method) || NEVER.has(action)) continue;
        const o = await attempt(entry, method);
        if (o.code?.startsWith("support_")) refusedAnyway.push(`${method} ${entry.path}: ${o.code}`);
      }
    }
    expect(refusedAnyway).toEqual([]);
  });
});

describe("reads", () => {
  it("never answer a stored secret, and refuse support what it never sees", async () => {
    const maple = s.r.env.tenants["maple-dental"];
    const secrets = [maple.twilioToken, maple.vapiSecret];
    const failures: string[] = [];
    for (const entry of table) {
      const handlers = await handlersOf(entry);
      if (!handlers.GET) continue;
      const o = await attempt(entry, "GET");
      if (secrets.some((secret) => o.text.includes(secret))) failures.push(`GET ${entry.path}: answered a secret`);
      const action = consoleActions(entry).GET;
      if (action && NEVER.has(action) && o.code !== "support_not_allowed") failures.push(`GET ${entry.path} (${action}): ${o.status} ${o.code}`);
    }
    expect(failures).toEqual([]);
  });
});
