import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { loadActivityCharts, type ChartPeriod } from "@/lib/overview";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";

/*
 * The Overview's charts for a tenant whose day does not start at UTC
 * midnight (Toronto, UTC-5 in winter): every number must equal a count made
 * here independently — each row's instant bucketed on the Toronto wall
 * clock with Intl, not with the loader's SQL — including rows a minute on
 * either side of local midnight, and none of another tenant's rows.
 */

let s: SeededTenants;
const SLUG = "maple-dental" as const;
const ZONE = "America/Toronto";
const NOW = new Date("2030-01-15T17:00:00Z"); // 12:00 in Toronto

beforeAll(async () => {
  s = await seededTenants("charts");
}, 120_000);
afterAll(async () => {
  await s?.close();
});
beforeEach(() => s.reset());

const wall = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" });
function torontoDayAndHour(instant: Date): { day: string; hour: number } {
  const parts = Object.fromEntries(wall.formatToParts(instant).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}
/** The local days of the period ending on NOW's Toronto day, oldest first. */
function periodDays(period: number): string[] {
  const today = torontoDayAndHour(NOW).day;
  return Array.from({ length: period }, (_, i) => new Date(Date.parse(`${today}T12:00:00Z`) - (period - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

let seq = 0;
const CHANNELS = ["voice", "whatsapp", "web"] as const;

async function insertActivity(tenant: string, instants: Date[]) {
  const service = (await s.admin.query<{ id: string }>("SELECT id FROM services WHERE tenant_id = $1 LIMIT 1", [tenant])).rows[0]!.id;
  const client = (
    await s.admin.query<{ id: string }>("INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Chart Client', $2, now()) RETURNING id", [
      tenant,
      `+1416555${String(++seq).padStart(4, "0")}`,
    ])
  ).rows[0]!.id;
  // One transaction for the few hundred rows: one commit to wait for instead of one per row.
  await s.admin.query("BEGIN");
  for (const [i, at] of instants.entries()) {
    await s.admin.query(
      `INSERT INTO conversations (tenant_id, channel, external_id, started_at, updated_at, status) VALUES ($1, $2, $3, $4, $4, $5)`,
      [tenant, CHANNELS[i % 3], `chart-${++seq}`, at, i % 4 === 0 ? "handed_off" : "open"],
    );
    if (i % 2 === 0) {
      // Far-apart future slots so the exclusion constraint never fires; only created_at matters here.
      const starts = new Date(Date.UTC(2031, 0, 1) + seq * 3_600_000);
      await s.admin.query(
        `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [tenant, service, client, starts, new Date(starts.getTime() + 1_800_000), i % 6 === 0 ? "cancelled" : "booked", at],
      );
    }
  }
  await s.admin.query("COMMIT");
}

function instantsAroundMidnights(): Date[] {
  const out: Date[] = [];
  // 100 days back: some rows fall before every period.
  for (let d = 0; d < 100; d++) {
    const day = new Date(Date.parse("2030-01-15T00:00:00Z") - d * 86_400_000).toISOString().slice(0, 10);
    const midnight = s.local(SLUG, day, "00:00");
    out.push(new Date(midnight.getTime() - 60_000), midnight, new Date(midnight.getTime() + 60_000));
    if (d % 3 === 0) out.push(s.local(SLUG, day, "19:30"), s.local(SLUG, day, "23:59"));
  }
  // Later today (after NOW) still counts for today; tomorrow's first minute does not.
  out.push(s.local(SLUG, "2030-01-15", "23:30"), s.local(SLUG, "2030-01-16", "00:00"));
  return out;
}

it.each([7, 30, 90] as ChartPeriod[])("matches counts made on the Toronto wall clock over %i days", async (period) => {
  const instants = instantsAroundMidnights();
  await insertActivity(s.tenantId(SLUG), instants);
  // Another tenant's activity on the same days must never show.
  await insertActivity(s.tenantId("cabinet-dupont"), instants.slice(0, 60));

  const charts = await runAsTenant(s.tenantId(SLUG), () => loadActivityCharts(s.client, ZONE, period, NOW));

  const days = periodDays(period);
  const inPeriod = instants.map((at, i) => ({ at, i, ...torontoDayAndHour(at) })).filter((r) => days.includes(r.day));
  expect(charts.from).toBe(days[0]);
  expect(charts.to).toBe(days.at(-1));
  expect(charts.conversationsPerDay).toEqual(
    days.map((date) => {
      const today = inPeriod.filter((r) => r.day === date);
      return Object.fromEntries([["date", date], ...CHANNELS.map((c, ci) => [c, today.filter((r) => r.i % 3 === ci).length])]);
    }),
  );
  expect(charts.bookingsPerDay).toEqual(days.map((date) => ({ date, bookings: inPeriod.filter((r) => r.day === date && r.i % 2 === 0).length })));
  expect(charts.handoff).toEqual({ conversations: inPeriod.length, handedOff: inPeriod.filter((r) => r.i % 4 === 0).length });
  expect(charts.busiestHours).toEqual(Array.from({ length: 24 }, (_, hour) => ({ hour, conversations: inPeriod.filter((r) => r.hour === hour).length })));

  // And an independent SQL count with literal bounds: the period's first local midnight to the next day's.
  const from = s.local(SLUG, days[0]!, "00:00");
  const to = s.local(SLUG, "2030-01-16", "00:00");
  const sql = await s.admin.query<{ n: number }>("SELECT count(*)::int AS n FROM conversations WHERE tenant_id = $1 AND started_at >= $2 AND started_at < $3", [
    s.tenantId(SLUG),
    from,
    to,
  ]);
  expect(charts.handoff.conversations).toBe(sql.rows[0]!.n);
});
