import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv } from "../support/console-roles-env";
import { drive, type RouteHandler } from "../support/route-table";

/*
 * Whom the app believes about a request: the client address comes from the
 * socket or from our own proxies' hop of X-Forwarded-For (TRUSTED_PROXY_HOPS),
 * never from what the client wrote; the post-sign-in target stays on our
 * origin however it is spelled; next-auth exists on the apex only.
 */

let r: ConsoleRolesEnv;
let sessionCookie: string;

beforeAll(async () => {
  r = await setUpConsoleRoles("trust", { members: [] });
  sessionCookie = (await import("@/lib/auth/session-token")).sessionCookieName();
}, 180_000);

afterAll(async () => {
  await r?.env.close();
});

afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
});

const TENANT = "maple-dental.localhost:3000";

/** What X-Forwarded-For the handler gets after proxy.ts. */
async function forwardedFor(xff: string | null, hops?: number): Promise<string | null> {
  if (hops !== undefined) process.env.TRUSTED_PROXY_HOPS = String(hops);
  let seen: string | null = "unset";
  const echo: RouteHandler = async (request) => {
    seen = request.headers.get("x-forwarded-for");
    return new Response(null, { status: 204 });
  };
  const headers: Record<string, string> = { host: TENANT };
  if (xff !== null) headers["x-forwarded-for"] = xff;
  await drive(new NextRequest(`http://${TENANT}/api/health`, { headers }), echo);
  return seen;
}

describe("client address (TRUSTED_PROXY_HOPS)", () => {
  it("0 (the default): the client's X-Forwarded-For is removed, so Next writes the socket address", async () => {
    expect(await forwardedFor("6.6.6.6")).toBeNull();
    expect(await forwardedFor("6.6.6.6, 7.7.7.7", 0)).toBeNull();
    expect(await forwardedFor(null)).toBeNull();
  });

  it("N: the Nth entry from the right, the one our outermost proxy wrote; fewer hops than N: none", async () => {
    expect(await forwardedFor("6.6.6.6, 203.0.113.5", 1)).toBe("203.0.113.5");
    expect(await forwardedFor("6.6.6.6, 203.0.113.5, 10.0.0.2", 2)).toBe("203.0.113.5");
    expect(await forwardedFor("203.0.113.5", 2)).toBeNull();
    expect(await forwardedFor("not-an-ip, 10.0.0.2", 2)).toBeNull();
    expect(await forwardedFor("::ffff:203.0.113.5", 1)).toBe("203.0.113.5");
  });

  it("a bad TRUSTED_PROXY_HOPS is a configuration error, not a silent zero", async () => {
    const { trustedProxyHops } = await import("@/lib/http/client-address");
    expect(trustedProxyHops({})).toBe(0);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "2" })).toBe(2);
    expect(() => trustedProxyHops({ TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => trustedProxyHops({ TRUSTED_PROXY_HOPS: "one" })).toThrow(/TRUSTED_PROXY_HOPS/);
  });

  it("rotating X-Forwarded-For does not buy a fresh chat allowance", async () => {
    const { POST } = await import("@/app/api/v1/chat/route");
    const previous = process.env.CHAT_RATE_LIMIT_MAX;
    process.env.CHAT_RATE_LIMIT_MAX = "3";
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const request = new NextRequest(`http://${TENANT}/api/v1/chat`, {
          method: "POST",
          headers: {
            host: TENANT,
            "content-type": "application/json",
            "x-tenant-key": r.env.tenants["salon-amel"].widgetKey,
            "x-forwarded-for": `198.51.100.${i + 1}`,
          },
          body: JSON.stringify({ message: "Bonjour" }),
        });
        statuses.push((await drive(request, POST as unknown as RouteHandler)).response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      process.env.CHAT_RATE_LIMIT_MAX = previous;
    }
  });

  it("the audit trail records the address our proxy vouches for, never the client's claim", async () => {
    const { POST } = await import("@/app/api/settings/faq/route");
    const ipOf = async (xff: string, hops: number) => {
      process.env.TRUSTED_PROXY_HOPS = String(hops);
      const request = new NextRequest(`http://${TENANT}/api/settings/faq`, {
        method: "POST",
        headers: { host: TENANT, cookie: `${sessionCookie}=${r.cookies.owner}`, "content-type": "application/json", "x-forwarded-for": xff },
        body: JSON.stringify({ question: `Parking ${xff}?`, answer: "Behind the building.", language: "en" }),
      });
      const res = (await drive(request, POST as unknown as RouteHandler)).response;
      expect(res.status, await res.clone().text()).toBe(201);
      const id = (await res.json()).id as string;
      return (await r.env.admin.query(`SELECT ip FROM audit_events WHERE target = $1`, [`faq:${id}`])).rows[0].ip;
    };
    expect(await ipOf("6.6.6.6", 0)).toBeNull();
    expect(await ipOf("6.6.6.6, 203.0.113.44", 1)).toBe("203.0.113.44");
  });
});

describe("the post-sign-in target stays on our origin", () => {
  const hostile = [
    "//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/.//evil.example",
    "/a/../..//evil.example",
    "https://evil.example",
    "http:/evil.example",
    " /evil.example",
    "\t//evil.example",
    "/x".padEnd(600, "x"),
  ];

  it.each(hostile.map((h) => [JSON.stringify(h), h]))("safeNextPath(%s) is the dashboard", async (_label, next) => {
    const { safeNextPath } = await import("@/lib/auth/session-handoff");
    expect(safeNextPath(next)).toBe("/dashboard");
  });

  it("keeps a genuine path with its query and fragment, percent-encoding what a browser would", async () => {
    const { safeNextPath } = await import("@/lib/auth/session-handoff");
    expect(safeNextPath("/appointments?week=2030-01-07&view=list#today")).toBe("/appointments?week=2030-01-07&view=list#today");
    expect(safeNextPath("/clients/é")).toBe("/clients/%C3%A9");
    expect(safeNextPath("/%09/evil.example")).toBe("/%09/evil.example");
  });

  it.each(hostile.slice(0, 8).map((h) => [JSON.stringify(h), h]))(
    "signed in, /api/auth/continue?next=%s hands over to the tenant and lands on its dashboard",
    async (_label, next) => {
      const { GET: cont } = await import("@/app/api/auth/continue/route");
      const { GET: handoff } = await import("@/app/api/auth/handoff/route");
      const url = new URL("http://localhost:3000/api/auth/continue");
      url.searchParams.set("to", "maple-dental");
      url.searchParams.set("next", next);
      const first = await drive(
        new NextRequest(url, { headers: { host: "localhost:3000", cookie: `${sessionCookie}=${r.cookies.owner}` } }),
        cont as unknown as RouteHandler,
      );
      const toHandoff = first.response.headers.get("location")!;
      expect(new URL(toHandoff).host).toBe(TENANT);
      const second = await drive(new NextRequest(toHandoff, { headers: { host: TENANT } }), handoff as unknown as RouteHandler);
      expect(second.response.status).toBe(303);
      expect(second.response.headers.get("location")).toBe(`http://${TENANT}/dashboard`);
    },
  );

  it("signed out, the sign-in link carries only the safe target", async () => {
    const { GET: cont } = await import("@/app/api/auth/continue/route");
    const url = new URL("http://localhost:3000/api/auth/continue");
    url.searchParams.set("next", "/\t/evil.example");
    const res = (await drive(new NextRequest(url, { headers: { host: "localhost:3000" } }), cont as unknown as RouteHandler)).response;
    const signIn = new URL(res.headers.get("location")!);
    expect(signIn.host).toBe("localhost:3000");
    expect(signIn.searchParams.get("next")).toBe("/dashboard");
  });
});

describe("next-auth lives on the apex only", () => {
  it.each(["session", "csrf", "providers", "signin/credentials", "callback/credentials"])(
    "GET and POST /api/auth/%s on a tenant host are 404 and set no cookie",
    async (action) => {
      const { GET, POST } = await import("@/app/api/auth/[...nextauth]/route");
      for (const [method, handler] of [["GET", GET], ["POST", POST]] as const) {
        const request = new NextRequest(`http://${TENANT}/api/auth/${action}`, {
          method,
          headers: { host: TENANT, ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
          ...(method === "POST" ? { body: "email=a%40b.c&password=x&csrfToken=y" } : {}),
        });
        const { response } = await drive(request, handler as unknown as RouteHandler, { nextauth: action.split("/") });
        expect(response.status).toBe(404);
        expect(response.headers.get("set-cookie")).toBeNull();
      }
    },
  );
});
