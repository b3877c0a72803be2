import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

/*
 * Path and Host games against proxy.ts: the platform console's pages exist
 * on the admin host only, and the admin host serves nothing but them and
 * /api/admin (plus the machine endpoints every host answers).
 */

const rewrittenTo = (response: Response) => {
  const target = response.headers.get("x-middleware-rewrite");
  return target ? new URL(target).pathname : null;
};

async function run(url: string, host: string, headers: Record<string, string> = {}) {
  const { proxy } = await import("@/proxy");
  return proxy(new NextRequest(url, { headers: { host, ...headers } }));
}

describe("app/admin from anywhere but the admin host", () => {
  it("the apex never reaches app/admin, however the path is spelled", async () => {
    for (const path of ["/admin", "/admin/", "/admin/tenants", "/admin/audit?x=1", "/admin/../admin/tenants", "/tenant/../admin", "/./admin/numbers"]) {
      const res = await run(`http://localhost:3000${path}`, "localhost:3000", { cookie: "frontdesk-admin=x" });
      // Each of these normalises to a path under /admin or /tenant: the 404 page, never a console page.
      expect(rewrittenTo(res), path).toBe("/__not_found__");
    }
  });

  it("a tenant host rewrites every page into app/tenant, so /admin there is app/tenant/admin (which does not exist)", async () => {
    for (const path of ["/admin", "/admin/tenants", "/%61dmin/tenants"]) {
      const res = await run(`http://maple-dental.localhost:3000${path}`, "maple-dental.localhost:3000", { cookie: "frontdesk-support=" + "A".repeat(43) });
      const target = rewrittenTo(res);
      expect(target, path).not.toBeNull();
      expect(target!.startsWith("/tenant/"), path).toBe(true);
    }
  });

  it("the admin host answers only /api/admin among the APIs, and rewrites every page into app/admin", async () => {
    for (const path of ["/api/support/enter?ticket=x", "/api/account", "/api/auth/sign-out", "/api/clients", "/api/exports/clients", "/api", "/api/adminx"]) {
      const res = await run(`http://admin.localhost:3000${path}`, "admin.localhost:3000");
      expect(res.status, path).toBe(404);
    }
    for (const path of ["/tenant/dashboard", "/dashboard", "/sign-in", "/tenants"]) {
      const res = await run(`http://admin.localhost:3000${path}`, "admin.localhost:3000");
      expect(rewrittenTo(res), path).toBe(`/admin${path}`);
    }
  });

  it("a Host that is not exactly the admin label under the apex is not the console", async () => {
    for (const host of ["admin.localhost.evil.test:3000", "xadmin.localhost:3000", "admin..localhost:3000", "admin.localhost:99999", "admin.localhost:3000@evil"]) {
      const res = await run("http://admin.localhost:3000/tenants", host);
      expect(rewrittenTo(res)?.startsWith("/admin") ?? false, host).toBe(false);
    }
  });
});
