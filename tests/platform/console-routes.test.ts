import { parse } from "csv-parse/sync";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";
import { ADMIN_HOST, adminCookie, adminRequest, createPlatformAdmin, type TestPlatformAdmin } from "../support/platform-admin";
import { addConversation } from "./platform-fixtures";

/*
 * The read side of the console through its real entry points: the CSV export
 * route (withPlatformAdmin) and the pages themselves, rendered to HTML. Pages
 * need Next's request context, so next/headers is stood in for by the
 * request this test describes (host and cookies); everything behind it (the
 * admin session, the audited platform client, PostgreSQL) is real.
 */

const request = vi.hoisted(() => ({ host: "admin.localhost:3000", cookie: "" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: request.host, "x-request-id": "req-console-test" }),
  cookies: async () => {
    const jar = new Map(
      request.cookie
        .split(/;\s*/)
        .filter(Boolean)
        .map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)] as const),
    );
    return { get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined), has: (name: string) => jar.has(name) };
  },
}));

// The pages' client islands (action dialogs) ask for the App Router, which a static render has not mounted.
vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ refresh: () => undefined, push: () => undefined, replace: () => undefined, back: () => undefined, forward: () => undefined, prefetch: () => undefined }),
}));

let env: ChannelTestEnv;
let ops: TestPlatformAdmin;
let opsCookie: string;
let noTotpCookie: string;
let amel: string;

beforeAll(async () => {
  env = await setUpChannelTest("platconsole");
  ops = await createPlatformAdmin(env.db.adminUrl, { email: "ops@frontdesk.test" });
  const fresh = await createPlatformAdmin(env.db.adminUrl, { email: "fresh@frontdesk.test", withTotp: false });
  opsCookie = await adminCookie(ops.userId);
  noTotpCookie = await adminCookie(fresh.userId);
  amel = env.tenants["salon-amel"].id;
  await addConversation(env.admin, amel, "whatsapp", new Date(), [{ role: "caller", content: "PRIVATE-CALLER-WORDS", at: new Date() }]);
}, 120_000);

afterAll(async () => {
  const { platformAccess } = await import("@/lib/db");
  await platformAccess().close();
  await env?.close();
});

const auditRows = async (action: string) =>
  (await env.admin.query(`SELECT actor_user_id, action, subject_tenant_id, metadata, request_id FROM platform_audit_events WHERE action = $1 ORDER BY created_at`, [action])).rows;

describe("GET /api/admin/audit/export", () => {
  const exportCsv = async (query: string, cookie = opsCookie) => {
    const { GET } = await import("@/app/api/admin/audit/export/route");
    return GET(adminRequest(`/api/admin/audit/export${query}`, { cookie }), { params: Promise.resolve({}) });
  };

  it("streams the filtered trail as CSV, audited before the first row is read: the export lists its own audit row", async () => {
    const res = await exportCsv("?action=console.audit.export&admin=ops%40frontdesk");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="platform-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const records = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: "console.audit.export", admin_email: "ops@frontdesk.test", admin_id: ops.userId });
    expect(JSON.parse(records[0]!.metadata!)).toEqual({ format: "csv", action: "console.audit.export", admin: "ops@frontdesk" });
  });

  it("refuses a filter it cannot use with a 400 naming it, and writes nothing, not even the audit", async () => {
    const before = (await auditRows("console.audit.export")).length;
    for (const [query, field] of [["?from=2026-02-30", "from"], ["?from=2026-12-05&to=2026-12-01", "to"], ["?action=a%20b", "action"]] as const) {
      const res = await exportCsv(query);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field, query).toBe(field);
    }
    expect((await auditRows("console.audit.export")).length).toBe(before);
  });

  it("is a 404 without an admin session or on another host, and a 403 to an admin without two-factor", async () => {
    const { GET } = await import("@/app/api/admin/audit/export/route");
    const before = (await auditRows("console.audit.export")).length;
    expect((await exportCsv("", "")).status).toBe(404);
    const apex = await GET(adminRequest("/api/admin/audit/export", { cookie: opsCookie, host: "localhost:3000" }), { params: Promise.resolve({}) });
    expect(apex.status).toBe(404);
    const tenantHost = await GET(adminRequest("/api/admin/audit/export", { cookie: opsCookie, host: "salon-amel.localhost:3000" }), { params: Promise.resolve({}) });
    expect(tenantHost.status).toBe(404);
    expect((await exportCsv("", noTotpCookie)).status).toBe(403);
    expect((await auditRows("console.audit.export")).length).toBe(before);
  });
});

describe("pages", () => {
  const render = async (load: () => Promise<unknown>, cookie = opsCookie, host = ADMIN_HOST) => {
    request.cookie = cookie;
    request.host = host;
    return renderToStaticMarkup((await load()) as React.ReactElement);
  };

  it("the overview audits the visit, then shows the platform's figures", async () => {
    const { default: OverviewPage } = await import("@/app/admin/(console)/page");
    const html = await render(() => OverviewPage());
    expect(html).toContain("Webhook failures, last 24 hours");
    expect(html).toMatch(/By status/);
    const rows = await auditRows("console.overview.view");
    expect(rows).toEqual([{ actor_user_id: ops.userId, action: "console.overview.view", subject_tenant_id: null, metadata: {}, request_id: "req-console-test" }]);
  });

  it("the tenants page finds salon-amel by its WhatsApp number typed nationally, and audits the search", async () => {
    const { default: TenantsPage } = await import("@/app/admin/(console)/tenants/page");
    const html = await render(() => TenantsPage({ searchParams: Promise.resolve({ q: "021 55 01 02", region: "DZ" }) }));
    expect(html).toContain(`href="/tenants/${amel}"`);
    expect(html).not.toContain("cabinet-dupont");
    const rows = await auditRows("console.tenants.list");
    expect(rows.at(-1)!.metadata).toEqual({ q: "021 55 01 02", region: "DZ" });
  });

  it("the tenant page audits the visit naming the tenant, and shows counts, never a message", async () => {
    const { default: TenantPage } = await import("@/app/admin/(console)/tenants/[id]/page");
    const html = await render(() => TenantPage({ params: Promise.resolve({ id: amel }) }));
    expect(html).toContain("salon-amel");
    expect(html).toContain('data-testid="tenant-actions"');
    expect(html).not.toContain("PRIVATE-CALLER-WORDS");
    const rows = await auditRows("console.tenant.view");
    expect(rows.at(-1)).toMatchObject({ subject_tenant_id: amel, actor_user_id: ops.userId });
    // A read is not an action: nothing in the tenant's own Activity.
    expect(Number((await env.admin.query(`SELECT count(*) FROM audit_events WHERE actor_kind = 'platform_admin'`)).rows[0].count)).toBe(0);
  });

  it("the tenant page is a 404 for an unknown or malformed id (the look-up of a real-looking id is audited)", async () => {
    const { default: TenantPage } = await import("@/app/admin/(console)/tenants/[id]/page");
    const missing = "00000000-0000-4000-8000-0000000000ff";
    await expect(render(() => TenantPage({ params: Promise.resolve({ id: missing }) }))).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    await expect(render(() => TenantPage({ params: Promise.resolve({ id: "not-an-id" }) }))).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    expect((await auditRows("console.tenant.view")).filter((r) => r.subject_tenant_id === missing)).toHaveLength(1);
  });

  it("the audit page audits the visit with its filters, and lists what matches", async () => {
    const { default: AuditPage } = await import("@/app/admin/(console)/audit/page");
    const html = await render(() => AuditPage({ searchParams: Promise.resolve({ tenant: "salon-amel", from: "not-a-date" }) }));
    expect(html).toContain("console.tenant.view");
    expect(html).toContain(`href="/api/admin/audit/export?tenant=salon-amel"`);
    expect((await auditRows("console.audit.list")).at(-1)!.metadata).toEqual({ tenant: "salon-amel" });
  });

  it("every page sends an admin without two-factor to its setup, and is a 404 to anyone else, before anything is read or audited", async () => {
    const pages = [
      async () => (await import("@/app/admin/(console)/page")).default(),
      async () => (await import("@/app/admin/(console)/tenants/page")).default({ searchParams: Promise.resolve({}) }),
      async () => (await import("@/app/admin/(console)/tenants/[id]/page")).default({ params: Promise.resolve({ id: amel }) }),
      async () => (await import("@/app/admin/(console)/audit/page")).default({ searchParams: Promise.resolve({}) }),
    ];
    const before = Number((await env.admin.query(`SELECT count(*) FROM platform_audit_events`)).rows[0].count);
    for (const page of pages) {
      await expect(render(page, noTotpCookie)).rejects.toMatchObject({ digest: expect.stringContaining("/two-factor") });
      await expect(render(page, opsCookie, "salon-amel.localhost:3000")).rejects.toMatchObject({ digest: expect.stringContaining("404") });
      await expect(render(page, opsCookie, "localhost:3000")).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    }
    expect(Number((await env.admin.query(`SELECT count(*) FROM platform_audit_events`)).rows[0].count)).toBe(before);
  });
});
