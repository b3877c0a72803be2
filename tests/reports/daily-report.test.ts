import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRunner, ManualClock } from "@/lib/jobs";
import type { ReportFigures } from "@/lib/reports/report-figures";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";

/*
 * The daily report, run by the real job runner on a driven clock stepping
 * ten minutes at a time through whole days, for three tenants in three zones
 * (Paris, Algiers without DST, Toronto). Each tenant's report appears at its
 * own local hour, once; the spring-forward day (an hour inside the gap), the
 * autumn day whose hour happens twice, a long outage (at most yesterday is
 * caught up, never weeks) and two workers at once each give one report and
 * one email per recipient. Figures are checked against SQL that computes the
 * local day with PostgreSQL's own time zone rules, not the app's.
 */

let env: ChannelTestEnv;
let runner: JobRunner;
let clock: ManualClock;
const STEP = 10 * 60_000;

const paris = () => env.tenants["cabinet-dupont"].id;
const algiers = () => env.tenants["salon-amel"].id;
const toronto = () => env.tenants["maple-dental"].id;
const ZONE: Record<string, string> = {};

beforeAll(async () => {
  env = await setUpChannelTest("reports");
  const jobs = await import("@/lib/jobs");
  await import("@/lib/jobs/all-jobs");
  clock = jobs.createManualClock("2027-03-27T20:00:00Z");
  runner = jobs.createJobRunner({ clock, queueUrl: env.db.adminUrl, jobs: jobs.registeredJobs().filter((j) => j.name === "reports.daily") });
  await env.admin.query(`UPDATE tenants SET timezone = 'Europe/Paris' WHERE id = $1`, [paris()]);
  for (const t of await env.admin.query<{ id: string; timezone: string }>(`SELECT id, timezone FROM tenants`).then((r) => r.rows)) ZONE[t.id] = t.timezone;
  expect(ZONE[algiers()]).toBe("Africa/Algiers");
  expect(ZONE[toronto()]).toBe("America/Toronto");
}, 120_000);

afterAll(async () => {
  await runner?.stop(2_000);
  await env?.close();
});

const iso = (d: Date) => d.toISOString().replace(".000", "");

async function setCreated(at: string) {
  await env.admin.query(`UPDATE tenants SET created_at = $1`, [at]);
}

async function setReports(tenantId: string, value: { hour: number; recipients: string[] } | null) {
  await env.admin.query(`UPDATE tenants SET settings = CASE WHEN $2::jsonb IS NULL THEN settings - 'reports' ELSE settings || jsonb_build_object('reports', $2::jsonb) END WHERE id = $1`, [
    tenantId,
    value === null ? null : JSON.stringify(value),
  ]);
}

/** Steps the clock from `from` to `to` (inclusive), running the runner at each step. */
async function stepThrough(from: string, to: string) {
  clock.set(from);
  for (;;) {
    const summary = await runner.runDue();
    expect(summary.failed).toBe(0);
    if (clock.now().getTime() + STEP > Date.parse(to)) break;
    clock.advance(STEP);
  }
}

/** Every report as "local date@produced at" per tenant. */
async function produced(): Promise<Record<string, string[]>> {
  const { rows } = await env.admin.query<{ tenant_id: string; d: string; created_at: Date }>(
    `SELECT tenant_id, local_date::text AS d, created_at FROM daily_reports ORDER BY local_date, created_at`,
  );
  const out: Record<string, string[]> = { [paris()]: [], [algiers()]: [], [toronto()]: [] };
  for (const r of rows) out[r.tenant_id]!.push(`${r.d}@${iso(r.created_at)}`);
  return out;
}

async function serviceOf(tenantId: string) {
  return (await env.admin.query<{ id: string; name: string }>(`SELECT id, name FROM services WHERE tenant_id = $1 ORDER BY name LIMIT 1`, [tenantId])).rows[0]!;
}

async function client(tenantId: string, name: string) {
  return (await env.admin.query<{ id: string }>(`INSERT INTO clients (tenant_id, name, updated_at) VALUES ($1, $2, now()) RETURNING id`, [tenantId, name])).rows[0]!.id;
}

async function conversation(tenantId: string, channel: string, startedAt: string, status = "ended") {
  await env.admin.query(
    `INSERT INTO conversations (tenant_id, channel, external_id, status, started_at, updated_at) VALUES ($1, $2, gen_random_uuid()::text, $3, $4, $4)`,
    [tenantId, channel, status, startedAt],
  );
}

async function appointment(tenantId: string, clientId: string, startsAt: string, createdAt: string) {
  const service = await serviceOf(tenantId);
  return (
    await env.admin.query<{ id: string }>(
      `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $4::timestamptz + interval '30 minutes', $5, $5) RETURNING id`,
      [tenantId, service.id, clientId, startsAt, createdAt],
    )
  ).rows[0]!.id;
}

const move = (id: string, startsAt: string, at: string) =>
  env.admin.query(`UPDATE appointments SET starts_at = $2, ends_at = $2::timestamptz + interval '30 minutes', updated_at = $3 WHERE id = $1`, [id, startsAt, at]);
const setStatus = (id: string, status: string, at: string) => env.admin.query(`UPDATE appointments SET status = $2, updated_at = $3 WHERE id = $1`, [id, status, at]);

/** The figures, computed independently: PostgreSQL's AT TIME ZONE decides the local day. */
async function expectedFigures(tenantId: string, date: string) {
  const tz = ZONE[tenantId]!;
  const q = async (sql: string, values: unknown[] = []) => (await env.admin.query(sql, [tenantId, tz, date, ...values])).rows;
  const conv = await q(`SELECT channel::text AS c, count(*)::int AS n FROM conversations WHERE tenant_id = $1 AND (started_at AT TIME ZONE $2)::date = $3::date GROUP BY channel`);
  const n = (c: string) => conv.find((r) => r.c === c)?.n ?? 0;
  const one = async (sql: string) => (await q(sql))[0]!.n as number;
  const agenda = await q(
    `SELECT to_char(a.starts_at AT TIME ZONE $2, 'HH24:MI') AS time, s.name AS service, c.name AS client FROM appointments a
     JOIN services s ON s.id = a.service_id JOIN clients c ON c.id = a.client_id
     WHERE a.tenant_id = $1 AND a.status = 'booked' AND (a.starts_at AT TIME ZONE $2)::date = $3::date + 1 ORDER BY a.starts_at`,
  );
  const usage = await q(
    `SELECT m.metric, COALESCE(u.used, 0) AS used, (p.limits ->> m.key)::int AS included
     FROM (VALUES ('conversations', 'conversationsPerMonth'), ('call_minutes', 'callMinutesPerMonth')) m(metric, key)
     JOIN tenants t ON t.id = $1 JOIN plans p ON p.code = t.plan
     LEFT JOIN usage_counters u ON u.tenant_id = t.id AND u.metric = m.metric AND u.period = to_char($3::date, 'YYYY-MM')
     WHERE $2::text IS NOT NULL ORDER BY m.metric = 'call_minutes'`,
  );
  return {
    conversations: { voice: n("voice"), whatsapp: n("whatsapp"), web: n("web"), total: n("voice") + n("whatsapp") + n("web") },
    bookings: await one(`SELECT count(*)::int AS n FROM appointments WHERE tenant_id = $1 AND (created_at AT TIME ZONE $2)::date = $3::date AND $2::text IS NOT NULL`),
    cancellations: await one(`SELECT count(*)::int AS n FROM appointments WHERE tenant_id = $1 AND status = 'cancelled' AND (updated_at AT TIME ZONE $2)::date = $3::date`),
    noShows: await one(`SELECT count(*)::int AS n FROM appointments WHERE tenant_id = $1 AND status = 'no_show' AND (starts_at AT TIME ZONE $2)::date = $3::date`),
    openHandoffs: await one(`SELECT count(*)::int AS n FROM conversations WHERE tenant_id = $1 AND status = 'handed_off' AND $2::text IS NOT NULL AND $3::date IS NOT NULL`),
    agenda: agenda.map((a) => ({ time: a.time, service: a.service, client: a.client })),
    usage: usage.map((u) => ({ metric: u.metric, used: u.used, included: u.included })),
  };
}

async function report(tenantId: string, date: string) {
  const { rows } = await env.admin.query(`SELECT * FROM daily_reports WHERE tenant_id = $1 AND local_date = $2::date`, [tenantId, date]);
  expect(rows).toHaveLength(1);
  return rows[0] as { figures: ReportFigures; subject: string; text_body: string; html_body: string; recipients: string[]; locale: string; created_at: Date };
}

const outbox = async (tenantId: string) =>
  (await env.admin.query<{ to_address: string; subject: string; text_body: string }>(`SELECT to_address, subject, text_body FROM email_outbox WHERE tenant_id = $1 AND kind = 'report' ORDER BY created_at, to_address`, [tenantId])).rows;

describe("spring forward (Paris 2027-03-28, 02:00 → 03:00)", () => {
  let algiersClient: string;
  let torontoClient: string;

  beforeAll(async () => {
    // Created on the evening before: yesterday's report is never due for them.
    await setCreated("2027-03-27T20:00:00Z");
    await setReports(paris(), { hour: 2, recipients: ["accueil@dupont.example", "dr@dupont.example"] });

    // Algiers, Sunday 28 March (UTC+1 all year): a busy day, figures checked below.
    algiersClient = await client(algiers(), "<script>alert(1)</script> Léa");
    const other = await client(algiers(), "Amine B.");
    await conversation(algiers(), "voice", "2027-03-27T23:30:00Z"); // 00:30 local on the 28th
    await conversation(algiers(), "whatsapp", "2027-03-28T09:00:00Z");
    await conversation(algiers(), "whatsapp", "2027-03-28T10:00:00Z", "handed_off");
    await conversation(algiers(), "web", "2027-03-27T22:59:00Z"); // 23:59 on the 27th: not that day
    const kept = await appointment(algiers(), algiersClient, "2027-03-29T08:00:00Z", "2027-03-28T08:00:00Z");
    const moved = await appointment(algiers(), other, "2027-03-29T13:00:00Z", "2027-03-28T08:05:00Z");
    await move(moved, "2027-03-29T07:00:00Z", "2027-03-28T11:00:00Z");
    const cancelled = await appointment(algiers(), other, "2027-03-30T09:00:00Z", "2027-03-20T09:00:00Z");
    await setStatus(cancelled, "cancelled", "2027-03-28T12:00:00Z");
    const missed = await appointment(algiers(), other, "2027-03-28T09:00:00Z", "2027-03-20T09:00:00Z");
    await setStatus(missed, "no_show", "2027-03-28T10:00:00Z");
    expect(kept).toBeTruthy();
    await env.admin.query(
      `INSERT INTO usage_counters (tenant_id, period, metric, used, included, ceiling, plan_code) VALUES ($1, '2027-03', 'conversations', 42, 1500, 1500, 'pro')`,
      [algiers()],
    );

    // Toronto, Sunday 28 March (EDT since the 14th).
    torontoClient = await client(toronto(), "Ella O'Brien");
    await conversation(toronto(), "voice", "2027-03-28T14:00:00Z");
    await conversation(toronto(), "web", "2027-03-28T03:30:00Z"); // 23:30 on the 27th in Toronto
    await appointment(toronto(), torontoClient, "2027-03-29T13:30:00Z", "2027-03-28T15:00:00Z");
    await appointment(toronto(), torontoClient, "2027-03-29T20:00:00Z", "2027-03-28T15:05:00Z");

    await stepThrough("2027-03-27T20:00:00Z", "2027-03-29T06:00:00Z");
  }, 300_000);

  it("produces each tenant's report at its own local hour, once, including an hour that does not exist that day", async () => {
    expect(await produced()).toEqual({
      // 02:00 does not exist on the 28th: the report comes at 03:00 CEST (01:00Z); on the 29th at 02:00 CEST.
      [paris()]: ["2027-03-28@2027-03-28T01:00:00Z", "2027-03-29@2027-03-29T00:00:00Z"],
      [algiers()]: ["2027-03-28@2027-03-28T18:00:00Z"],
      [toronto()]: ["2027-03-27@2027-03-27T23:00:00Z", "2027-03-28@2027-03-28T23:00:00Z"],
    });
  });

  it("counts the local day as PostgreSQL's time zone rules do (Algiers, in French)", async () => {
    const r = await report(algiers(), "2027-03-28");
    const want = await expectedFigures(algiers(), "2027-03-28");
    expect(want.conversations).toEqual({ voice: 1, whatsapp: 2, web: 0, total: 3 });
    expect(r.figures.conversations).toEqual(want.conversations);
    expect(r.figures.appointments).toEqual({ bookings: want.bookings, moves: 1, cancellations: want.cancellations, noShows: want.noShows });
    expect([want.bookings, want.cancellations, want.noShows]).toEqual([2, 1, 1]);
    expect(r.figures.openHandoffs).toBe(want.openHandoffs);
    expect(r.figures.agenda.date).toBe("2027-03-29");
    expect(r.figures.agenda.items.map((a: { time: string; service: string; client: string }) => ({ time: a.time, service: a.service, client: a.client }))).toEqual(want.agenda);
    expect(want.agenda.map((a) => a.time)).toEqual(["08:00", "09:00"]);
    expect(r.figures.usage.lines).toEqual(want.usage);
    expect(want.usage[0]).toEqual({ metric: "conversations", used: 42, included: 1500 });

    expect(r.locale).toBe("fr");
    expect(r.subject).toBe("Salon Amel : rapport du dimanche 28 mars 2027");
    expect(r.text_body).toContain("Rapport du dimanche 28 mars 2027");
    expect(r.text_body).toContain("- Téléphone : 1\n- WhatsApp : 2\n- Chat web : 0\n- Total : 3");
    expect(r.text_body).toContain("- Réservations : 2\n- Déplacements : 1\n- Annulations : 1\n- Absences : 1");
    expect(r.text_body).toContain(`Agenda de demain (lundi 29 mars 2027)\n- 08:00  ${want.agenda[0]!.service} avec Amine B.\n- 09:00  ${want.agenda[1]!.service} avec <script>alert(1)</script> Léa`);
    expect(r.text_body).toContain("- Conversations : 42 sur 1");
    expect(r.html_body).toContain("&#60;script&#62;alert(1)&#60;/script&#62; Léa");
    expect(r.html_body).not.toContain("<script>");
    expect(r.html_body).toContain('<html lang="fr">');
  });

  it("writes in English for an English-speaking tenant, and its own day only (Toronto)", async () => {
    const r = await report(toronto(), "2027-03-28");
    const want = await expectedFigures(toronto(), "2027-03-28");
    expect(want.conversations).toEqual({ voice: 1, whatsapp: 0, web: 0, total: 1 });
    expect(r.figures.conversations).toEqual(want.conversations);
    expect(r.figures.appointments).toEqual({ bookings: 2, moves: 0, cancellations: 0, noShows: 0 });
    expect(r.figures.agenda.items.map((a: { time: string }) => a.time)).toEqual(["09:30", "16:00"]);
    expect(r.locale).toBe("en");
    expect(r.subject).toBe("Maple Dental: daily report for Sunday, March 28, 2027");
    expect(r.text_body).toContain("Tomorrow's agenda (Monday, March 29, 2027)");
    expect(r.text_body).toContain("09:30  ");
    expect(r.text_body).toContain("with Ella O'Brien");
    expect(r.text_body).toContain("- Bookings: 2\n- Moves: 0\n- Cancellations: 0\n- No-shows: 0");
    expect(r.text_body).not.toMatch(/Réservations|Rapport/);
    const previous = await report(toronto(), "2027-03-27");
    expect(previous.figures.conversations.web).toBe(1);
  });

  it("reads back for the Reports page in the reader's language, whatever the tenant's, and only in its own tenant", async () => {
    const { readReport, reportSections } = await import("@/lib/reports");
    const { tenantDb } = await import("@/lib/db");
    const { runAsTenant } = await import("@/lib/tenancy");
    const stored = await runAsTenant(algiers(), () => readReport(tenantDb(), "2027-03-28"));
    expect(stored?.locale).toBe("fr");
    const en = reportSections(stored!.figures, "en");
    const fr = reportSections(stored!.figures, "fr");
    expect(en.map((s) => s.heading)).toEqual(["Conversations", "Appointments", "Hand-offs still open", "Tomorrow's agenda (Monday, March 29, 2027)", "Usage this month (2027-03), Pro plan"]);
    expect(en[1]!.lines).toEqual(["Bookings: 2", "Moves: 1", "Cancellations: 1", "No-shows: 1"]);
    expect(fr[1]!.lines).toEqual(["Réservations : 2", "Déplacements : 1", "Annulations : 1", "Absences : 1"]);
    // The service's English name where the tenant gave one.
    expect(en[3]!.lines[0]).toMatch(/^08:00 {2}Colouring with Amine B\.$/);
    expect(await runAsTenant(toronto(), () => readReport(tenantDb(), "2027-03-28"))).not.toMatchObject({ figures: { conversations: { whatsapp: 2 } } });
    expect(await runAsTenant(paris(), () => readReport(tenantDb(), "2027-03-27"))).toBeNull();
  });

  it("emails each report once to each recipient: the chosen ones, else the owner", async () => {
    const dupontMail = await outbox(paris());
    expect(dupontMail.map((m) => m.to_address)).toEqual(["accueil@dupont.example", "dr@dupont.example", "accueil@dupont.example", "dr@dupont.example"]);
    expect(dupontMail[0]!.subject).toMatch(/^Cabinet Dr Dupont : rapport du dimanche 28 mars 2027$/);
    const amel = await outbox(algiers());
    expect(amel).toHaveLength(1);
    expect(amel[0]!.to_address).toBe(env.tenants["salon-amel"].ownerEmail);
    expect(amel[0]!.text_body).toBe((await report(algiers(), "2027-03-28")).text_body);
    expect((await outbox(toronto())).map((m) => m.to_address)).toEqual([env.tenants["maple-dental"].ownerEmail, env.tenants["maple-dental"].ownerEmail]);
  });
});

describe("fall back (Paris 2027-10-31, Toronto 2027-11-07) and a week-long outage", () => {
  beforeAll(async () => {
    await env.admin.query(`DELETE FROM daily_reports`);
    await env.admin.query(`DELETE FROM email_outbox WHERE kind = 'report'`);
    await setCreated("2027-10-30T12:00:00Z");
    await setReports(paris(), null);
    await setReports(toronto(), { hour: 1, recipients: [] });
    // Paris's 31 October lasts 25 hours: 00:30, and 02:30 twice (CEST, then CET), all count; 23:30 the day before does not.
    for (const at of ["2027-10-30T21:30:00Z", "2027-10-30T22:30:00Z", "2027-10-31T00:30:00Z", "2027-10-31T01:30:00Z", "2027-10-31T16:00:00Z"]) {
      await conversation(paris(), "web", at);
    }
    await stepThrough("2027-10-30T12:00:00Z", "2027-11-01T00:00:00Z");
  }, 300_000);

  it("reports the 25-hour day whole, at 19:00 CET", async () => {
    const r = await report(paris(), "2027-10-31");
    expect(iso(r.created_at)).toBe("2027-10-31T18:00:00Z");
    const want = await expectedFigures(paris(), "2027-10-31");
    expect(want.conversations.web).toBe(4);
    expect(r.figures.conversations).toEqual(want.conversations);
  });

  it("after a week without a worker, catches up yesterday only; an hour that happens twice gives one report", async () => {
    await stepThrough("2027-11-07T03:00:00Z", "2027-11-07T08:00:00Z");
    expect(await produced()).toEqual({
      [paris()]: ["2027-10-30@2027-10-30T17:00:00Z", "2027-10-31@2027-10-31T18:00:00Z", "2027-11-06@2027-11-07T03:00:00Z"],
      [algiers()]: ["2027-10-30@2027-10-30T18:00:00Z", "2027-10-31@2027-10-31T18:00:00Z", "2027-11-06@2027-11-07T03:00:00Z"],
      // 01:00 on 7 November happens at 05:00Z (EDT) and again at 06:00Z (EST): one report, at the first.
      [toronto()]: ["2027-10-31@2027-10-31T05:00:00Z", "2027-11-05@2027-11-07T03:00:00Z", "2027-11-06@2027-11-07T03:00:00Z", "2027-11-07@2027-11-07T05:00:00Z"],
    });
  }, 120_000);
});

describe("appointment events", () => {
  it("are written for the app role's own changes under row-level security, and only for real moves and status changes", async () => {
    const { tenantDb } = await import("@/lib/db");
    const { runAsTenant } = await import("@/lib/tenancy");
    const who = await client(toronto(), "Row Level");
    const id = await appointment(toronto(), who, "2028-01-10T15:00:00Z", "2028-01-01T10:00:00Z");
    await runAsTenant(toronto(), async () => {
      const db = tenantDb();
      await db.appointment.update({ where: { id }, data: { notes: "bring the x-rays" } });
      await db.appointment.update({ where: { id }, data: { startsAt: new Date("2028-01-10T16:00:00Z"), endsAt: new Date("2028-01-10T16:30:00Z") } });
      await db.appointment.update({ where: { id }, data: { status: "cancelled" } });
      await db.appointment.update({ where: { id }, data: { status: "cancelled", notes: "" } });
    });
    const events = await env.admin.query(`SELECT tenant_id, kind FROM appointment_events WHERE appointment_id = $1 ORDER BY occurred_at, kind`, [id]);
    expect(events.rows).toEqual([
      { tenant_id: toronto(), kind: "moved" },
      { tenant_id: toronto(), kind: "cancelled" },
    ]);
  });
});

describe("two workers at once", () => {
  it("produce one report and one email", async () => {
    const jobs = await import("@/lib/jobs");
    const { produceDueReports } = await import("@/lib/reports");
    const { runAsTenant } = await import("@/lib/tenancy");
    await env.admin.query(`DELETE FROM daily_reports`);
    await env.admin.query(`DELETE FROM email_outbox WHERE kind = 'report'`);
    await setCreated("2027-11-30T20:00:00Z");

    // Two runners on one queue, ticking together at Algiers's 19:00.
    clock.set("2027-12-01T18:00:00Z");
    const second = jobs.createJobRunner({ clock, queueUrl: env.db.adminUrl, jobs: jobs.registeredJobs().filter((j) => j.name === "reports.daily") });
    try {
      const [a, b] = await Promise.all([runner.runDue(), second.runDue()]);
      expect(a.failed + b.failed).toBe(0);
    } finally {
      await second.stop(2_000);
    }
    expect((await produced())[algiers()]).toEqual(["2027-12-01@2027-12-01T18:00:00Z"]);

    // The job itself, twice at the same instant, past the runner's once-per-period guard.
    const now = new Date("2027-12-02T18:05:00Z");
    const runs = await Promise.all([1, 2, 3].map(() => runAsTenant(algiers(), () => produceDueReports(now))));
    expect(runs.flat().map((r) => r.localDate)).toEqual(["2027-12-02"]);
    expect((await produced())[algiers()]).toEqual(["2027-12-01@2027-12-01T18:00:00Z", "2027-12-02@2027-12-02T18:05:00Z"]);
    expect(await outbox(algiers())).toHaveLength(2);
  });

  it("never writes a report into another tenant: each only sees its own", async () => {
    const { listReports } = await import("@/lib/reports");
    const { tenantDb } = await import("@/lib/db");
    const { runAsTenant } = await import("@/lib/tenancy");
    const mine = await runAsTenant(algiers(), () => listReports(tenantDb()));
    expect(mine.map((r) => r.localDate)).toEqual(["2027-12-02", "2027-12-01"]);
    const theirs = await runAsTenant(toronto(), () => listReports(tenantDb()));
    const stored = await env.admin.query(`SELECT local_date::text AS d FROM daily_reports WHERE tenant_id = $1 ORDER BY local_date DESC`, [toronto()]);
    expect(theirs.map((r) => r.localDate)).toEqual(stored.rows.map((r) => r.d));
    expect(theirs.length).toBeGreaterThan(0);
  });
});
