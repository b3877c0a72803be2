import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";
import { adminCookie, createPlatformAdmin } from "../support/platform-admin";

/*
 * The Numbers page rendered through its real guard and audited platform
 * access: every routed number with its workspace, a search by digits in any
 * format, the visit on the platform trail (never in a tenant's Activity),
 * and nothing for a visitor without an admin session. next/headers stands
 * in for the request; the dialogs' router for the browser's.
 */

const request = vi.hoisted(() => ({ host: "admin.localhost:3000", cookie: "" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: request.host, "x-request-id": "req-numbers-page" }),
  cookies: async () => {
    const jar = new Map(request.cookie.split(/;\s*/).filter(Boolean).map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)] as const));
    return { get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined), has: (name: string) => jar.has(name) };
  },
}));
vi.mock("next/navigation", async (original) => ({ ...(await original<object>()), useRouter: () => ({ refresh() {}, push() {} }) }));

let env: ChannelTestEnv;
let cookie: string;

beforeAll(async () => {
  env = await setUpChannelTest("pnumbers");
  const admin = await createPlatformAdmin(env.db.adminUrl);
  cookie = await adminCookie(admin.userId);
}, 120_000);

afterAll(async () => {
  const { platformAccess } = await import("@/lib/db");
  await platformAccess().close();
  await env?.close();
});

async function render(q?: string) {
  const { default: NumbersPage } = await import("@/app/admin/(console)/numbers/page");
  return renderToStaticMarkup(await NumbersPage({ searchParams: Promise.resolve(q === undefined ? {} : { q }) }));
}

it("lists every routed number with the workspace it routes to, and audits the visit on the platform trail only", async () => {
  request.cookie = cookie;
  const html = await render();
  for (const t of Object.values(env.tenants)) {
    expect(html).toContain(t.whatsappNumber);
    expect(html).toContain(t.voiceNumber);
    expect(html).toContain(`href="/tenants/${t.id}"`);
  }
  const rows = await env.admin.query(`SELECT action, request_id FROM platform_audit_events WHERE action = 'console.numbers.list'`);
  expect(rows.rows).toEqual([{ action: "console.numbers.list", request_id: "req-numbers-page" }]);
  expect((await env.admin.query(`SELECT 1 FROM audit_events WHERE actor_kind = 'platform_admin'`)).rows).toEqual([]);
});

it("finds a number typed with spaces, and only that one", async () => {
  request.cookie = cookie;
  const amel = env.tenants["salon-amel"];
  const spaced = amel.whatsappNumber.replace(/^(\+\d{3})(\d{2})(\d+)$/, "$1 $2 $3");
  const html = await render(spaced);
  expect(html).toContain(amel.whatsappNumber);
  expect(html).not.toContain(env.tenants["cabinet-dupont"].whatsappNumber);
});

it("is a 404 without an admin session, with nothing read or audited", async () => {
  request.cookie = "";
  const before = (await env.admin.query(`SELECT count(*)::int AS n FROM platform_audit_events`)).rows[0].n;
  await expect(render()).rejects.toMatchObject({ digest: expect.stringMatching(/404|REDIRECT/) });
  expect((await env.admin.query(`SELECT count(*)::int AS n FROM platform_audit_events`)).rows[0].n).toBe(before);
});
