import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadOverview } from "@/lib/overview";
import { loadMonthlyUsage, monthBounds } from "@/lib/usage";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type DemoSlug, type SeededTenants } from "../booking/seeded-tenants";

/*
 * The Overview's loaders against real PostgreSQL as the app role (row-level
 * security on): the month is the tenant's calendar month in its own time
 * zone, limits come from the tenant's plan, the agenda is the tenant's today
 * and tomorrow, and nothing of another tenant is ever counted or listed.
 */

let s: SeededTenants;

beforeAll(async () => {
  s = await seededTenants("overview");
}, 120_000);

afterAll(async () => {
  await s?.close();
});

beforeEach(async () => {
  await s.reset();
  await s.admin.query("UPDATE tenants SET plan = 'pro'");
});

const asTenant = <T>(slug: DemoSlug, fn: () => Promise<T>) => runAsTenant(s.tenantId(slug), fn);

let seq = 0;
async function usage(slug: DemoSlug, metric: string, quantity: number, at: Date) {
  await s.admin.query(
    "INSERT INTO usage_events (tenant_id, metric, quantity, occurred_at, idempotency_key) VALUES ($1, $2, $3, $4, $5)",
    [s.tenantId(slug), metric, quantity, at, `test-${++seq}`],
  );
}

async function conversation(slug: DemoSlug, channel: string, startedAt: Date, extra: { clientId?: string; status?: string } = {}) {
  const row = await s.admin.query<{ id: string }>(
    `INSERT INTO conversations (tenant_id, channel, external_id, started_at, updated_at, client_id, status)
     VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id`,
    [s.tenantId(slug), channel, `ext-${++seq}`, startedAt, extra.clientId ?? null, extra.status ?? "open"],
  );
  return row.rows[0]!.id;
}

describe("monthBounds", () => {
  it("is the calendar month on the tenant's wall clock, not UTC's", () => {
    // 22:00 on February 28th in Toronto is already March 1st in UTC.
    const b = monthBounds(new Date("2030-03-01T03:00:00Z"), "America/Toronto");
    expect(b.month).toBe("2030-02");
    expect(b.from.toISOString()).toBe("2030-02-01T05:00:00.000Z");
    expect(b.to.toISOString()).toBe("2030-03-01T05:00:00.000Z");
  });

  it("spans a daylight-saving change with the right offsets at each end", () => {
    const zurich = monthBounds(new Date("2030-03-15T12:00:00Z"), "Europe/Zurich");
    expect(zurich.from.toISOString()).toBe("2030-02-28T23:00:00.000Z");
    expect(zurich.to.toISOString()).toBe("2030-03-31T22:00:00.000Z");
    const december = monthBounds(new Date("2030-12-31T23:30:00Z"), "Africa/Algiers");
    expect(december.month).toBe("2031-01");
    expect(december.from.toISOString()).toBe("2030-12-31T23:00:00.000Z");
    expect(december.to.toISOString()).toBe("2031-01-31T23:00:00.000Z");
  });
});

describe("monthly usage against the plan", () => {
  const now = new Date("2030-03-10T15:00:00Z");
  const from = new Date("2030-03-01T05:00:00Z"); // March 1st, 00:00 in Toronto (EST)
  const to = new Date("2030-04-01T04:00:00Z"); // April 1st, 00:00 in Toronto (EDT)

  it("sums each metric inside the tenant's month only, and only the tenant's own events", async () => {
    await usage("maple-dental", "inbound_message", 1, new Date(from.getTime() - 1)); // February, local
    await usage("maple-dental", "inbound_message", 2, from);
    await usage("maple-dental", "inbound_message", 3, new Date(to.getTime() - 1));
    await usage("maple-dental", "inbound_message", 50, to); // April, local
    await usage("maple-dental", "call_second", 125, now);
    await usage("maple-dental", "call_second", 60, now);
    await usage("maple-dental", "model_token", 1234, now);
    await usage("maple-dental", "sms_segment", 9, now); // not a metric the overview shows
    await usage("cabinet-dupont", "inbound_message", 1000, now);
    await conversation("maple-dental", "web", from);
    await conversation("maple-dental", "voice", new Date(from.getTime() - 1));
    await conversation("cabinet-dupont", "web", now);

    const result = await asTenant("maple-dental", () => loadMonthlyUsage(s.client, now));
    expect(result.month).toBe("2030-03");
    expect(result.timeZone).toBe("America/Toronto");
    expect(result.from.toISOString()).toBe(from.toISOString());
    expect(result.to.toISOString()).toBe(to.toISOString());
    expect(result.plan).toEqual({ code: "pro", name: "Pro" });
    const byKey = Object.fromEntries(result.lines.map((l) => [l.key, l]));
    expect(byKey.conversations).toEqual({ key: "conversations", used: 1, limit: 1500, percent: 0.1, over: false });
    expect(byKey.inbound_message).toEqual({ key: "inbound_message", used: 5, limit: null, percent: null, over: false });
    expect(byKey.call_second).toEqual({ key: "call_second", used: 185, limit: 90000, percent: 0.2, over: false });
    expect(byKey.model_token).toEqual({ key: "model_token", used: 1234, limit: 3000000, percent: 0, over: false });
  });

  it("reads every limit the tenant's plan defines and caps the bar at 100% when over", async () => {
    await s.admin.query(
      `INSERT INTO plans (code, name, limits) VALUES ('tiny', 'Tiny', '{"conversationsPerMonth": 1, "callSecondsPerMonth": 100, "inboundMessagesPerMonth": 4, "modelTokensPerMonth": 0}')
       ON CONFLICT (code) DO NOTHING`,
    );
    await s.admin.query("UPDATE tenants SET plan = 'tiny' WHERE slug = 'salon-amel'");
    await usage("salon-amel", "inbound_message", 3, now);
    await usage("salon-amel", "call_second", 250, now);
    await conversation("salon-amel", "whatsapp", now);
    await conversation("salon-amel", "whatsapp", now);

    const result = await asTenant("salon-amel", () => loadMonthlyUsage(s.client, now));
    expect(result.plan).toEqual({ code: "tiny", name: "Tiny" });
    const byKey = Object.fromEntries(result.lines.map((l) => [l.key, l]));
    expect(byKey.conversations).toMatchObject({ used: 2, limit: 1, percent: 100, over: true });
    expect(byKey.inbound_message).toMatchObject({ used: 3, limit: 4, percent: 75, over: false });
    expect(byKey.call_second).toMatchObject({ used: 250, limit: 100, percent: 100, over: true });
    expect(byKey.model_token).toMatchObject({ used: 0, limit: 0, percent: 0, over: false });
  });

  it("is empty, not an error, for a month without events", async () => {
    const result = await asTenant("cabinet-dupont", () => loadMonthlyUsage(s.client, now));
    expect(result.lines.map((l) => l.used)).toEqual([0, 0, 0, 0]);
    expect(result.month).toBe("2030-03");
  });
});

describe("overview", () => {
  // Wednesday 2030-03-06, 10:00 in Toronto.
  const now = new Date("2030-03-06T15:00:00Z");

  async function appointment(slug: DemoSlug, at: Date, status = "booked", conversationId: string | null = null, name = "Ann Lee") {
    const tenant = s.tenantId(slug);
    const service = await s.admin.query("SELECT id FROM services WHERE tenant_id = $1 ORDER BY name LIMIT 1", [tenant]);
    const client = await s.admin.query<{ id: string }>(
      `INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant_id, phone) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [tenant, name, `+1416555${String(1000 + (++seq % 9000)).slice(-4)}`],
    );
    await s.admin.query(
      `INSERT INTO appointments (tenant_id, service_id, client_id, conversation_id, starts_at, ends_at, status, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
      [tenant, service.rows[0].id, client.rows[0]!.id, conversationId, at, new Date(at.getTime() + 30 * 60_000), status],
    );
    return client.rows[0]!.id;
  }

  it("lists today's and tomorrow's appointments on the tenant's wall clock, without cancelled ones", async () => {
    const local = (date: string, time: string) => s.local("maple-dental", date, time);
    const chat = await conversation("maple-dental", "web", now);
    await appointment("maple-dental", local("2030-03-05", "23:00"), "booked", null, "Yesterday Late");
    await appointment("maple-dental", local("2030-03-06", "09:00"), "completed", null, "Early Bird");
    await appointment("maple-dental", local("2030-03-06", "14:00"), "booked", chat, "Tom Hardy");
    await appointment("maple-dental", local("2030-03-06", "15:00"), "cancelled", null, "Gone Away");
    // 23:30 in Toronto is 04:30 UTC the next day: still today for the practice.
    await appointment("maple-dental", local("2030-03-06", "23:30"), "booked", null, "Night Owl");
    await appointment("maple-dental", local("2030-03-07", "09:00"), "booked", null, "Zoe Park");
    await appointment("maple-dental", local("2030-03-08", "00:00"), "booked", null, "Day After");
    await appointment("cabinet-dupont", now, "booked", null, "Autre Cabinet");

    const overview = await asTenant("maple-dental", () => loadOverview(s.client, now));
    expect(overview.timeZone).toBe("America/Toronto");
    expect(overview.agenda.today.date).toBe("2030-03-06");
    expect(overview.agenda.tomorrow.date).toBe("2030-03-07");
    expect(overview.agenda.today.appointments.map((a) => [a.client, a.status])).toEqual([
      ["Early Bird", "completed"],
      ["Tom Hardy", "booked"],
      ["Night Owl", "booked"],
    ]);
    expect(overview.agenda.today.appointments[1]!.conversationId).toBe(chat);
    expect(overview.agenda.tomorrow.appointments.map((a) => a.client)).toEqual(["Zoe Park"]);
  });

  it("shows the latest conversations of each channel, newest first, with the client when known", async () => {
    const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    const client = await appointment("maple-dental", s.local("maple-dental", "2030-03-09", "10:00"), "booked", null, "Liam Chen");
    const ids = {
      oldWeb: await conversation("maple-dental", "web", at(90)),
      newWeb: await conversation("maple-dental", "web", at(5), { clientId: client }),
      voice: await conversation("maple-dental", "voice", at(30), { status: "handed_off" }),
    };
    for (let i = 0; i < 7; i++) await conversation("maple-dental", "whatsapp", at(100 + i));
    await conversation("cabinet-dupont", "web", at(1));

    const overview = await asTenant("maple-dental", () => loadOverview(s.client, now));
    expect(overview.recent.web.map((c) => c.id)).toEqual([ids.newWeb, ids.oldWeb]);
    expect(overview.recent.web[0]).toMatchObject({ client: "Liam Chen", channel: "web", status: "open" });
    expect(overview.recent.web[1]!.client).toBeNull();
    expect(overview.recent.voice).toEqual([expect.objectContaining({ id: ids.voice, status: "handed_off" })]);
    // Five per channel, and the WhatsApp sender stands in for an unknown client.
    expect(overview.recent.whatsapp).toHaveLength(5);
    expect(overview.recent.whatsapp[0]!.client).toMatch(/^ext-/);
    expect(overview.usage.lines.find((l) => l.key === "conversations")!.used).toBe(10);
  });
});
