import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { encodeSessionToken, sessionCookieName } from "@/lib/auth/session-token";
import { proxy } from "@/proxy";

/*
 * The proxy in front of the channels: the widget script, the public chat API,
 * the provider webhooks and the health check are answered the same on every
 * host (apex, tenant subdomain, with or without a session, even names nothing
 * lives on), while every other path keeps the tenant resolution by host.
 */

const APEX = "localhost:3000";
const TENANT = "cabinet-dupont.localhost:3000";

async function cookieFor(tenantId: string): Promise<string> {
  const token = await encodeSessionToken({ sub: randomUUID(), sid: randomUUID(), tid: tenantId, role: "owner", pa: false, tv: 0, mv: 0 });
  return `${sessionCookieName()}=${token}`;
}

async function through(host: string, path: string, init: { method?: string; cookie?: string } = {}) {
  const headers: Record<string, string> = { host };
  if (init.cookie) headers.cookie = init.cookie;
  const response = await proxy(new NextRequest(`http://${host}${path}`, { method: init.method ?? "GET", headers }));
  return {
    status: response.status,
    passedThrough: response.headers.get("x-middleware-next") === "1",
    rewrite: response.headers.get("x-middleware-rewrite"),
    location: response.headers.get("location"),
  };
}

const MACHINE_PATHS: Array<[string, string]> = [
  ["GET", "/widget.js"],
  ["POST", "/api/v1/chat"],
  ["OPTIONS", "/api/v1/chat"],
  ["POST", "/api/webhooks/vapi"],
  ["POST", "/api/webhooks/whatsapp"],
  ["GET", "/api/health"],
];

describe("machine-facing paths", () => {
  it.each(MACHINE_PATHS)("%s %s reaches its route unchanged on every host, with or without a session", async (method, path) => {
    const cookie = await cookieFor(randomUUID());
    for (const host of [APEX, TENANT, "maple-dental.localhost:3340", "a.b.localhost:3000", "www.localhost:3000", "127.0.0.1:3000"]) {
      for (const withCookie of [false, true]) {
        const out = await through(host, path, { method, ...(withCookie ? { cookie } : {}) });
        expect(out, `${method} ${host}${path} cookie=${withCookie}`).toMatchObject({ passedThrough: true, rewrite: null, location: null });
      }
    }
  });

  it("does not widen to look-alike paths", async () => {
    for (const path of ["/widget.jsx", "/widget.js/extra", "/demo/cabinet-dupont/x"]) {
      expect((await through(TENANT, path)).passedThrough, path).toBe(false);
    }
    // API routes pass on real hosts anyway; on a name nothing lives on only the public ones do.
    for (const path of ["/api/v10/chat", "/api/webhooksx", "/api/healthz", "/api/settings"]) {
      expect((await through("a.b.localhost:3000", path)).status, path).toBe(404);
    }
  });
});

describe("everything else keeps the tenant resolution by host", () => {
  it("a tenant's demo page is served on its own subdomain; another tenant's is not", async () => {
    expect(await through(TENANT, "/demo/cabinet-dupont")).toMatchObject({ passedThrough: true, rewrite: null });
    const foreign = await through(TENANT, "/demo/maple-dental");
    expect(foreign.passedThrough).toBe(false);
    expect(foreign.rewrite).toContain("/api/auth/bounce");
    expect(await through(APEX, "/demo/maple-dental")).toMatchObject({ passedThrough: true });
  });

  it("tenant pages still bounce without a session and are rewritten with one; the apex still hides them", async () => {
    expect((await through(TENANT, "/dashboard")).rewrite).toContain("/api/auth/bounce");
    expect((await through(TENANT, "/dashboard", { cookie: await cookieFor(randomUUID()) })).rewrite).toContain("/tenant/dashboard");
    expect((await through(APEX, "/tenant/dashboard")).rewrite).toContain("/__not_found__");
    const invalid = await through("a.b.localhost:3000", "/api/settings");
    expect(invalid.status).toBe(404);
    expect((await through("a.b.localhost:3000", "/demo/cabinet-dupont")).rewrite).toContain("/__not_found__");
  });
});
