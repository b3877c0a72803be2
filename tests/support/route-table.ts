import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";

/*
 * The app's routes read from the file system (app/**\/route.ts and
 * app/**\/page.tsx), not from a list, so a route added tomorrow is covered by
 * the suites that walk this table; and a request driven the way Next drives
 * it: proxy.ts first, then (when the proxy lets it through) the route's
 * handler with the headers the proxy set.
 */

const APP_DIR = path.resolve(import.meta.dirname, "../../app");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type Method = (typeof METHODS)[number];

export interface RouteEntry {
  /** The file, relative to the repository. */
  file: string;
  kind: "route" | "page";
  /** The URL path with dynamic segments filled with sample values. */
  path: string;
  /** The handler's `params`. */
  params: Record<string, string | string[]>;
  /** Pages under app/tenant are served at their path on tenant hosts (proxy.ts rewrites). */
  tenantApp: boolean;
  /** Pages under app/admin are served at their path on the admin host (proxy.ts rewrites). */
  adminApp: boolean;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** A value for a dynamic segment: plausible for the names we use, a UUID otherwise. */
function sampleFor(name: string): string {
  const known: Record<string, string> = { provider: "twilio", name: "auth_token", slug: "maple-dental", token: "t".repeat(43) };
  return known[name] ?? "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b";
}

export function routeTable(): RouteEntry[] {
  return walk(APP_DIR)
    .filter((f) => /\/(route\.ts|page\.tsx)$/.test(f))
    .map((full) => {
      const rel = path.relative(APP_DIR, full);
      const segments = rel.split(path.sep).slice(0, -1).filter((s) => !/^\(.*\)$/.test(s));
      const params: Record<string, string | string[]> = {};
      const urlSegments = segments.map((s) => {
        const catchAll = /^\[\.\.\.(.+)\]$/.exec(s);
        if (catchAll) return (params[catchAll[1]!] = ["session"]).join("/");
        const dynamic = /^\[(.+)\]$/.exec(s);
        if (dynamic) return (params[dynamic[1]!] = sampleFor(dynamic[1]!));
        return s;
      });
      const tenantApp = urlSegments[0] === "tenant";
      const adminApp = urlSegments[0] === "admin";
      const shown = tenantApp || adminApp ? urlSegments.slice(1) : urlSegments;
      return {
        file: path.join("app", rel),
        kind: full.endsWith("route.ts") ? "route" : "page",
        path: `/${shown.join("/")}`,
        params,
        tenantApp,
        adminApp,
      } satisfies RouteEntry;
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

export type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** The HTTP methods a route file exports. */
export async function handlersOf(entry: RouteEntry): Promise<Partial<Record<Method, RouteHandler>>> {
  const mod = (await import(/* @vite-ignore */ path.resolve(APP_DIR, "..", entry.file))) as Record<string, unknown>;
  return Object.fromEntries(METHODS.filter((m) => typeof mod[m] === "function").map((m) => [m, mod[m] as RouteHandler]));
}

export interface Driven {
  response: Response;
  answeredBy: "proxy" | "handler";
}

/**
 * proxy.ts, then the handler as Next would call it: with the request headers
 * the proxy set (x-middleware-override-headers), unless the proxy answered
 * itself or sent the request elsewhere (a page, a redirect).
 */
export async function drive(request: NextRequest, handler?: RouteHandler, params: RouteEntry["params"] = {}): Promise<Driven> {
  const { proxy } = await import("@/proxy");
  const verdict = await proxy(request);
  const passes = verdict.headers.get("x-middleware-next") === "1";
  if (!passes || !handler) return { response: verdict, answeredBy: "proxy" };
  const headers = new Headers();
  for (const name of (verdict.headers.get("x-middleware-override-headers") ?? "").split(",").filter(Boolean)) {
    headers.set(name, verdict.headers.get(`x-middleware-request-${name}`) ?? "");
  }
  const forwarded = new NextRequest(request.url, {
    method: request.method,
    headers,
    body: request.body,
    ...(request.body ? { duplex: "half" } : {}),
  } as ConstructorParameters<typeof NextRequest>[1]);
  return { response: await handler(forwarded, { params: Promise.resolve(params) }), answeredBy: "handler" };
}
