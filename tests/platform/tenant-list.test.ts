import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformAccess, type PlatformAccess } from "@/lib/db/platform-db";
import { ApiError } from "@/lib/http";
import { listTenants, phoneCandidates, tenantListInputSchema, type TenantListInput } from "@/lib/platform/queries";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { addCounter, addMember, addRoute, addSubscription, addTenant, addUsageEvent } from "./platform-fixtures";

/*
 * The tenants list against real PostgreSQL through the audited platform
 * client: every search key, the filters, keyset paging across ties and
 * inserts, and usage as a share of the plan.
 */

let db: TestDatabase;
let admin: pg.Client;
let platform: PlatformAccess;
const actor = { userId: "00000000-0000-4000-8000-0000000000aa" };
const NOW = new Date("2026-12-15T12:00:00Z");
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase("platlist");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  platform = createPlatformAccess({ url: db.platformUrl, max: 2 });
  const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9));
  ids.dupont = await addTenant(admin, { slug: "cabinet-dupont", name: "Cabinet Dupont", region: "FR", plan: "pro", createdAt: day(1), stripeCustomerId: "cus_DUPONT1" });
  ids.amel = await addTenant(admin, { slug: "salon-amel", name: "Salon Amel", region: "DZ", plan: "starter", createdAt: day(2), status: "trial" });
  ids.maple = await addTenant(admin, { slug: "maple-dental", name: "Maple Dental", region: "CA", plan: "business", timezone: "America/Toronto", createdAt: day(3) });
  ids.geneve = await addTenant(admin, { slug: "etude-geneve", name: "Étude 100% Genève", region: "CH", plan: "pro", timezone: "Europe/Zurich", createdAt: day(4), status: "past_due" });
  ids.brux = await addTenant(admin, { slug: "ecole-bruxelles", name: "École Bruxelles", region: "BE", plan: "starter", createdAt: day(5), status: "suspended" });
  await addMember(admin, ids.dupont, "Jeanne.Dupont@Example.org");
  await addMember(admin, ids.dupont, "staff.person@example.org", "staff");
  await addMember(admin, ids.amel, "amel@salon.dz");
  await addRoute(admin, ids.dupont, "voice", "+33612345678");
  await addRoute(admin, ids.amel, "whatsapp", "+213612345678");
  await addRoute(admin, ids.geneve, "whatsapp", "+41225550102");
  await addRoute(admin, ids.maple, "web", "sha256-of-widget-key-06", "fdk_live_ab");
  await addSubscription(admin, ids.maple, { plan: "business", status: "active", interval: "month", currency: "cad", customer: "cus_MAPLE9" });
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await admin?.end();
  await db?.drop();
});

async function list(input: TenantListInput, now = NOW) {
  return platform.withPlatformAccess(actor, { action: "tenants.list" }, (p) => listTenants(p, tenantListInputSchema.parse(input), now));
}
const slugsOf = async (input: TenantListInput) => (await list(input)).rows.map((r) => r.slug).sort();

describe("search", () => {
  it("finds a tenant by part of its name or slug, whatever the case", async () => {
    expect(await slugsOf({ q: "dupont" })).toEqual(["cabinet-dupont"]);
    expect(await slugsOf({ q: "MAPLE-DEN" })).toEqual(["maple-dental"]);
    expect(await slugsOf({ q: "école" })).toEqual(["ecole-bruxelles"]);
  });

  it("treats LIKE wildcards as plain characters", async () => {
    expect(await slugsOf({ q: "100%" })).toEqual(["etude-geneve"]);
    expect(await slugsOf({ q: "%" })).toEqual(["etude-geneve"]);
    expect(await slugsOf({ q: "_" })).toEqual([]);
  });

  it("finds a tenant by its owner's email, not by a staff member's", async () => {
    expect(await slugsOf({ q: "jeanne.dupont@example.ORG" })).toEqual(["cabinet-dupont"]);
    expect(await slugsOf({ q: "amel@salon" })).toEqual(["salon-amel"]);
    expect(await slugsOf({ q: "staff.person@example.org" })).toEqual([]);
    expect(await slugsOf({ q: "contact@maple-dental.test" })).toEqual(["maple-dental"]);
  });

  it("finds a tenant by a routed number typed in E.164, spaced, with 00, as WhatsApp sends it, or nationally", async () => {
    for (const q of ["+33612345678", "+33 6 12 34 56 78", "0033 6 12 34 56 78", "+33 (0)6 12.34.56.78", "whatsapp:+33612345678"]) {
      expect(await slugsOf({ q }), q).toEqual(["cabinet-dupont"]);
    }
    expect(await slugsOf({ q: "+41 22 555 01 02" })).toEqual(["etude-geneve"]);
    expect(await slugsOf({ q: "022 555 01 02" })).toEqual(["etude-geneve"]);
  });

  it("reads an ambiguous national number in every region where it is valid, or only in the region filtered on", async () => {
    // A French mobile, an Algerian mobile and a Basel landline.
    expect(phoneCandidates("06 12 34 56 78")).toEqual(["+213612345678", "+33612345678", "+41612345678"]);
    expect(phoneCandidates("06 12 34 56 78", "FR")).toEqual(["+33612345678"]);
    expect(await slugsOf({ q: "06 12 34 56 78" })).toEqual(["cabinet-dupont", "salon-amel"]);
    expect(await slugsOf({ q: "06 12 34 56 78", region: "DZ" })).toEqual(["salon-amel"]);
    expect(await slugsOf({ q: "06-12-34-56-78", region: "FR" })).toEqual(["cabinet-dupont"]);
  });

  it("does not match a widget key's hash as a number, nor a number that routes nowhere", async () => {
    expect(await slugsOf({ q: "06" })).toEqual([]);
    expect(await slugsOf({ q: "+33 6 99 99 99 99" })).toEqual([]);
  });

  it("finds a tenant by its Stripe customer id, on the tenant or on a subscription, exactly", async () => {
    expect(await slugsOf({ q: "cus_DUPONT1" })).toEqual(["cabinet-dupont"]);
    expect(await slugsOf({ q: "cus_MAPLE9" })).toEqual(["maple-dental"]);
    expect(await slugsOf({ q: "cus_dupont1" })).toEqual([]);
  });

  it("finds a tenant by its id", async () => {
    expect(await slugsOf({ q: ids.amel!.toUpperCase() })).toEqual(["salon-amel"]);
  });
});

describe("filters", () => {
  it("filters by status, plan and region, alone and combined with a search", async () => {
    expect(await slugsOf({ status: "past_due" })).toEqual(["etude-geneve"]);
    expect(await slugsOf({ plan: "starter" })).toEqual(["ecole-bruxelles", "salon-amel"]);
    expect(await slugsOf({ region: "CA" })).toEqual(["maple-dental"]);
    expect(await slugsOf({ plan: "pro", region: "CH" })).toEqual(["etude-geneve"]);
    expect(await slugsOf({ plan: "pro", q: "salon" })).toEqual([]);
    expect(await slugsOf({ status: "trial", q: "06 12 34 56 78" })).toEqual(["salon-amel"]);
  });

  it("refuses values it cannot use, naming the field", () => {
    expect(() => tenantListInputSchema.parse({ status: "deleted" })).toThrow(/status/);
    expect(() => tenantListInputSchema.parse({ region: "US" })).toThrow(/region/);
    expect(() => tenantListInputSchema.parse({ plan: "pro'; --" })).toThrow(/plan/);
  });
});

describe("keyset paging", () => {
  it("walks every tenant exactly once across pages with ties on created_at, while tenants are created between pages", async () => {
    const tie = new Date("2026-11-20T10:00:00Z");
    const tied: string[] = [];
    for (let i = 0; i < 7; i++) tied.push(await addTenant(admin, { slug: `tie-${i}`, createdAt: tie, plan: "pro" }));
    const expected = (await admin.query<{ id: string }>(`SELECT id FROM tenants ORDER BY created_at DESC, id DESC`)).rows.map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: 3, cursor });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
      // Created meanwhile: newer ones land above the walk, a tied one anywhere in it.
      if (pages === 2) {
        await addTenant(admin, { slug: `late-new-${pages}`, createdAt: new Date("2026-12-01T00:00:00Z") });
        await addTenant(admin, { slug: `late-tie-${pages}`, createdAt: tie });
      }
    } while (cursor && pages < 20);
    const original = seen.filter((id) => expected.includes(id));
    expect(original).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(expected.length / 3));
  });

  it("answers a cursor it did not make with a 400 on cursor", async () => {
    const error = await list({ cursor: "bm90LWEtY3Vyc29y" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).field).toBe("cursor");
  });
});

describe("usage and activity columns", () => {
  it("shows the highest share of this month's conversation or call-minute quota, in the tenant's own month", async () => {
    await addCounter(admin, ids.amel!, "2026-12", "conversations", 240); // starter 300 → 80 %
    await addCounter(admin, ids.dupont!, "2026-12", "conversations", 300); // pro 1500 → 20 %
    await addCounter(admin, ids.dupont!, "2026-12", "call_minutes", 1230); // pro 1500 → 82 %
    await addCounter(admin, ids.dupont!, "2026-11", "conversations", 1500); // last month: ignored
    await addCounter(admin, ids.maple!, "2026-12", "conversations", 3000); // business 6000 → 50 %
    const rows = (await list({})).rows;
    const of = (slug: string) => rows.find((r) => r.slug === slug)!;
    expect(of("salon-amel").usagePercent).toBe(80);
    expect(of("cabinet-dupont").usagePercent).toBe(82);
    expect(of("cabinet-dupont").conversationsUsed).toBe(300);
    expect(of("maple-dental").usagePercent).toBe(50);
    expect(of("ecole-bruxelles").usagePercent).toBe(0);
    // 03:00 UTC on January 1st is still December 31st in Toronto, already January in Paris.
    const newYear = (await list({}, new Date("2027-01-01T03:00:00Z"))).rows;
    expect(newYear.find((r) => r.slug === "maple-dental")!.usagePercent).toBe(50);
    expect(newYear.find((r) => r.slug === "salon-amel")!.usagePercent).toBe(0);
  });

  it("shows no share for a plan without quotas", async () => {
    await admin.query(`INSERT INTO plans (code, name, limits) VALUES ('unmetered', 'Unmetered', '{}')`);
    await addTenant(admin, { slug: "no-quota", plan: "unmetered" });
    expect((await list({ q: "no-quota" })).rows[0]!.usagePercent).toBeNull();
  });

  it("shows the newest inbound message or call as the last inbound activity", async () => {
    await addUsageEvent(admin, ids.geneve!, "inbound_message", 1, new Date("2026-12-10T08:00:00Z"));
    await addUsageEvent(admin, ids.geneve!, "call_second", 90, new Date("2026-12-12T08:00:00Z"));
    await addUsageEvent(admin, ids.geneve!, "model_token", 500, new Date("2026-12-14T08:00:00Z"));
    const row = (await list({ q: "etude-geneve" })).rows[0]!;
    expect(row.lastInboundAt?.toISOString()).toBe("2026-12-12T08:00:00.000Z");
    expect((await list({ q: "ecole-bruxelles" })).rows[0]!.lastInboundAt).toBeNull();
  });

  it("audits each read on the platform trail", async () => {
    const before = Number((await admin.query(`SELECT count(*) FROM platform_audit_events WHERE action = 'tenants.list'`)).rows[0].count);
    await list({ q: "x" });
    const after = Number((await admin.query(`SELECT count(*) FROM platform_audit_events WHERE action = 'tenants.list'`)).rows[0].count);
    expect(after).toBe(before + 1);
  });
});
