import { parse } from "csv-parse/sync";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformAccess, type PlatformAccess } from "@/lib/db/platform-db";
import { AUDIT_CSV_HEADER, auditFiltersSchema, auditListInputSchema, listPlatformAudit, streamAuditCsv } from "@/lib/platform/queries";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { addMember, addTenant } from "./platform-fixtures";

/*
 * The platform audit page and its CSV: each filter alone and together, keyset
 * paging across ties, and the CSV read back with a real parser (formula cells
 * defused, commas, quotes and line breaks intact) over several pages.
 */

let db: TestDatabase;
let admin: pg.Client;
let platform: PlatformAccess;
let alice: string;
let bob: string;
let T: string;
const GONE = "00000000-0000-4000-8000-00000000900d";
const viewer = { userId: "00000000-0000-4000-8000-0000000000dd" };

beforeAll(async () => {
  db = await createTestDatabase("plataudit");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  platform = createPlatformAccess({ url: db.platformUrl, max: 2 });
  T = await addTenant(admin, { slug: "salon-amel" });
  alice = await addMember(admin, T, "alice@frontdesk.test", "viewer");
  bob = await addMember(admin, T, "bob@frontdesk.test", "viewer");
  const rows: Array<[string | null, string | null, string, string, string | null]> = [
    [alice, T, "tenant.suspend", "2026-12-01T09:00:00Z", "=HYPERLINK(\"http://evil\")"],
    [alice, T, "tenant.view", "2026-12-01T09:00:00.500Z", null],
    [bob, T, "tenant.reactivate", "2026-12-02T23:59:59.999Z", "paid, \"finally\"\nsecond line"],
    [bob, null, "tenants.list", "2026-12-03T00:00:00Z", null],
    [alice, GONE, "tenant.delete", "2026-12-04T12:00:00Z", "+cmd|' /C calc'!A0"],
    [null, null, "tenant.deleted", "2026-12-05T12:00:00Z", null],
  ];
  for (const [actor, tenant, action, at, reason] of rows) {
    await admin.query(
      `INSERT INTO platform_audit_events (actor_user_id, subject_tenant_id, action, created_at, reason, metadata) VALUES ($1, $2, $3, $4, $5, '{"k": "v"}')`,
      [actor, tenant, action, at, reason],
    );
  }
  // Twelve rows at one instant, for paging ties.
  for (let i = 0; i < 12; i++) {
    await admin.query(`INSERT INTO platform_audit_events (actor_user_id, action, created_at) VALUES ($1, 'numbers.list', '2026-11-20T10:00:00Z')`, [bob]);
  }
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await admin?.end();
  await db?.drop();
});

const list = (input: Record<string, unknown>) =>
  platform.withPlatformAccess(viewer, { action: "audit.list" }, (p) => listPlatformAudit(p, auditListInputSchema.parse(input)));
const actions = async (input: Record<string, unknown>) => (await list({ ...input, action: input.action, limit: 200 })).rows.map((r) => r.action).filter((a) => a !== "audit.list");

describe("filters", () => {
  it("filters by admin (email part or id), tenant (slug, or id even once deleted), action (exact or prefix) and UTC days", async () => {
    expect(await actions({ admin: "ALICE@" })).toEqual(["tenant.delete", "tenant.view", "tenant.suspend"]);
    expect((await actions({ admin: bob })).filter((a) => a !== "numbers.list")).toEqual(["tenants.list", "tenant.reactivate"]);
    expect(await actions({ tenant: "salon-amel" })).toEqual(["tenant.reactivate", "tenant.view", "tenant.suspend"]);
    expect(await actions({ tenant: GONE })).toEqual(["tenant.delete"]);
    expect(await actions({ action: "tenant.view" })).toEqual(["tenant.view"]);
    expect(await actions({ action: "tenant." })).toEqual(["tenant.deleted", "tenant.delete", "tenant.reactivate", "tenant.view", "tenant.suspend"]);
    expect(await actions({ from: "2026-12-02", to: "2026-12-03" })).toEqual(["tenants.list", "tenant.reactivate"]);
    expect(await actions({ from: "2026-12-02", to: "2026-12-02" })).toEqual(["tenant.reactivate"]);
    expect(await actions({ admin: "alice", tenant: "salon-amel", action: "tenant.", to: "2026-12-01" })).toEqual(["tenant.view", "tenant.suspend"]);
    expect(await actions({ admin: "nobody@x" })).toEqual([]);
  });

  it("refuses what it cannot use, naming the field", () => {
    expect(() => auditFiltersSchema.parse({ from: "2026-02-30" })).toThrow(/from/);
    expect(() => auditFiltersSchema.parse({ from: "yesterday" })).toThrow(/from/);
    expect(() => auditFiltersSchema.parse({ from: "2026-12-05", to: "2026-12-01" })).toThrow(/to/);
    expect(() => auditFiltersSchema.parse({ action: "x' OR 1=1" })).toThrow(/action/);
  });
});

describe("paging", () => {
  it("walks every row once, newest first, across pages with ties on created_at", async () => {
    const expected = (await admin.query<{ id: string }>(`SELECT id FROM platform_audit_events WHERE action = 'numbers.list' ORDER BY created_at DESC, id DESC`)).rows.map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await list({ action: "numbers.list", limit: 5, cursor });
      seen.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(expected);
  });
});

describe("CSV", () => {
  async function csv(filters: Record<string, unknown>, pageSize: number): Promise<string> {
    return platform.withPlatformAccess(viewer, { action: "audit.export" }, (p) => new Response(streamAuditCsv(p, auditFiltersSchema.parse(filters), pageSize)).text());
  }

  it("reads back, over several pages, the rows the list shows, with formula-like cells defused and text intact", async () => {
    const text = await csv({ tenant: "salon-amel" }, 2);
    const records = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(records[0]!)).toEqual(AUDIT_CSV_HEADER);
    expect(records.map((r) => r.action)).toEqual(["tenant.reactivate", "tenant.view", "tenant.suspend"]);
    const byAction = Object.fromEntries(records.map((r) => [r.action!, r]));
    expect(byAction["tenant.suspend"]!.reason).toBe("'=HYPERLINK(\"http://evil\")");
    expect(byAction["tenant.reactivate"]!.reason).toBe("paid, \"finally\"\nsecond line");
    expect(byAction["tenant.reactivate"]!.admin_email).toBe("bob@frontdesk.test");
    expect(byAction["tenant.reactivate"]!.tenant_slug).toBe("salon-amel");
    expect(byAction["tenant.reactivate"]!.created_at).toBe("2026-12-02T23:59:59.999Z");
    expect(JSON.parse(byAction["tenant.view"]!.metadata!)).toEqual({ k: "v" });
    expect(text.endsWith("\r\n")).toBe(true);
  });

  it("defuses a reason starting with + that is not a number, and exports the whole filtered trail", async () => {
    const records = parse(await csv({ admin: alice }, 1), { columns: true }) as Array<Record<string, string>>;
    expect(records.map((r) => r.action)).toEqual(["tenant.delete", "tenant.view", "tenant.suspend"]);
    expect(records[0]!.reason).toBe("'+cmd|' /C calc'!A0");
    expect(records[0]!.tenant_id).toBe(GONE);
    expect(records[0]!.tenant_slug).toBe("");
  });

  it("gives only the header when nothing matches", async () => {
    expect(await csv({ action: "nothing.here" }, 50)).toBe(`${AUDIT_CSV_HEADER.join(",")}\r\n`);
  });
});
