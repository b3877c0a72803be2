import { NextRequest } from "next/server";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRunner } from "@/lib/jobs";
import { PUBLIC_URL, setUpChannelTest, type ChannelTestEnv, type ChannelTestTenant } from "../channels/channel-test-env";
import { startTwilioStandIn, type TwilioStandIn } from "../support/twilio-standin";

/*
 * Confirmations and reminders to clients, end to end on real PostgreSQL:
 * appointments written as the app writes them (the outbox row comes from
 * the booking's own transaction), the real job runner (pg-boss) on a manual
 * clock, Twilio's REST API stood in at the edge and driven through the
 * `twilio` client. Three tenants in three time zones, two of them crossing
 * a daylight-saving change between the reminder and the appointment.
 */

let env: ChannelTestEnv;
let twilio: TwilioStandIn;
const runners: JobRunner[] = [];
/*
 * Two years ahead of today, so every appointment is in the future whenever
 * this runs (bookings are stamped with the database's real time), and that
 * year's spring-forward Sundays: second Sunday of March in Toronto, last
 * Sunday of March in Paris; Algiers keeps UTC+1 all year.
 */
const Y = new Date().getUTCFullYear() + 2;
const sundayFrom = (day: number) => {
  const d = new Date(Date.UTC(Y, 2, day));
  d.setUTCDate(day + ((7 - d.getUTCDay()) % 7));
  return d;
};
const NA_SPRING = sundayFrom(8);
const EU_SPRING = sundayFrom(25);
const on = (sunday: Date, days: number, time: string) => `${new Date(sunday.getTime() + days * 86_400_000).toISOString().slice(0, 10)}T${time}:00Z`;

let now = new Date(`${Y}-03-01T09:00:00Z`);
const clock = { now: () => new Date(now) };

type Slug = "cabinet-dupont" | "salon-amel" | "maple-dental";
const T = (slug: Slug): ChannelTestTenant => env.tenants[slug];
const ZONES: Record<Slug, string> = { "cabinet-dupont": "Europe/Paris", "salon-amel": "Africa/Algiers", "maple-dental": "America/Toronto" };

beforeAll(async () => {
  env = await setUpChannelTest("reminders", { storeTwilioAccountSid: true });
  twilio = await startTwilioStandIn();
  process.env.TWILIO_API_BASE_URL = twilio.url;
  for (const slug of Object.keys(ZONES) as Slug[]) {
    await env.admin.query(`UPDATE tenants SET timezone = $2 WHERE id = $1`, [T(slug).id, ZONES[slug]]);
    twilio.accounts.set(T(slug).twilioAccountSid, T(slug).twilioToken);
  }
  // Paris reminds two days ahead (across the spring change), not one.
  await env.admin.query(`UPDATE tenants SET settings = jsonb_set(settings, '{reminders}', $2::jsonb) WHERE id = $1`, [
    T("cabinet-dupont").id,
    JSON.stringify({ first: { enabled: true, hoursBefore: 48 }, second: { enabled: true, hoursBefore: 2 } }),
  ]);
  const { createJobRunner, registeredJobs } = await import("@/lib/jobs");
  await import("@/lib/messaging/jobs");
  const jobs = registeredJobs().filter((j) => j.name === "messaging.dispatch");
  for (let i = 0; i < 2; i++) runners.push(createJobRunner({ clock, queueUrl: env.db.adminUrl, jobs }));
}, 120_000);

afterAll(async () => {
  for (const r of runners) await r.stop().catch(() => undefined);
  await twilio?.close();
  delete process.env.TWILIO_API_BASE_URL;
  await env?.close();
});

const at = (iso: string) => {
  now = new Date(iso);
};

/** A client and an appointment written as the app role in the tenant's context, like a booking. */
async function book(slug: Slug, o: { phone: string; email?: string; startsAt: string; channel?: "whatsapp" | "voice" | "web" }): Promise<string> {
  const { runAsTenant } = await import("@/lib/tenancy");
  const { tenantDb } = await import("@/lib/db");
  return runAsTenant(T(slug).id, async () => {
    const db = tenantDb();
    await db.client.createMany({ data: [{ name: `Client ${o.phone}`, phone: o.phone, email: o.email ?? null }], skipDuplicates: true });
    const client = await db.client.findFirst({ where: { phone: o.phone } });
    const service = await db.service.findFirst({ where: { active: true }, orderBy: { name: "asc" } });
    const startsAt = new Date(o.startsAt);
    const row = await db.appointment.create({
      data: { clientId: client!.id, serviceId: service!.id, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), channel: o.channel ?? "whatsapp" },
    });
    return row.id;
  });
}

const ok = () => twilio.sends.filter((s) => s.status === 201);
const sentTo = (phone: string) => ok().filter((s) => s.params.To === `whatsapp:${phone}`);

async function tick(runner = runners[0]!) {
  return runner.runDue();
}

async function outbox(appointmentId: string) {
  const { rows } = await env.admin.query(
    `SELECT kind, status, via, recipient, provider_id, last_error, scheduled_for, delivery_status FROM outbound_messages WHERE appointment_id = $1 ORDER BY scheduled_for, kind`,
    [appointmentId],
  );
  return rows as { kind: string; status: string; via: string | null; recipient: string | null; provider_id: string | null; last_error: string | null; scheduled_for: Date; delivery_status: string | null }[];
}

const ids = {} as Record<"toronto" | "paris" | "parisCancelled" | "algiers" | "algiersOptedOut" | "paris2", string>;
const PHONES = {
  toronto: "+14165550101",
  paris: "+33612345601",
  parisCancelled: "+33612345602",
  algiers: "+213551234501",
  algiersOptedOut: "+213551234502",
};

describe("confirmations", () => {
  it("a booking queues its confirmation in its own transaction, and a rolled-back one queues nothing", async () => {
    const { runAsTenant } = await import("@/lib/tenancy");
    const { tenantDb } = await import("@/lib/db");
    await expect(
      runAsTenant(T("salon-amel").id, () =>
        tenantDb().$transaction(async (tx) => {
          const client = await tx.client.create({ data: { name: "Rolled back", phone: "+213551234599" } });
          const service = await tx.service.findFirst({ where: { active: true } });
          await tx.appointment.create({ data: { clientId: client.id, serviceId: service!.id, startsAt: new Date(on(EU_SPRING, -5, "10:00")), endsAt: new Date(on(EU_SPRING, -5, "10:30")), channel: "whatsapp" } });
          throw new Error("refused later in the same transaction");
        }),
      ),
    ).rejects.toThrow("refused later");
    expect((await env.admin.query(`SELECT count(*)::int AS n FROM outbound_messages`)).rows[0].n).toBe(0);

    ids.toronto = await book("maple-dental", { phone: PHONES.toronto, startsAt: on(NA_SPRING, 0, "14:00") }); // Sun 10:00 EDT, the day clocks go forward
    ids.paris = await book("cabinet-dupont", { phone: PHONES.paris, startsAt: on(EU_SPRING, 1, "07:00") }); // Mon 09:00 CEST
    ids.parisCancelled = await book("cabinet-dupont", { phone: PHONES.parisCancelled, startsAt: on(EU_SPRING, 1, "08:00") });
    ids.algiers = await book("salon-amel", { phone: PHONES.algiers, startsAt: on(EU_SPRING, 1, "10:00") }); // Mon 11:00, no DST
    ids.algiersOptedOut = await book("salon-amel", { phone: PHONES.algiersOptedOut, startsAt: on(EU_SPRING, 1, "12:00") });
    for (const id of Object.values(ids)) expect((await outbox(id)).map((m) => `${m.kind} ${m.status}`)).toEqual(["booked pending"]);
  });

  it("STOP on WhatsApp opts the client out at that tenant only; START would undo it", async () => {
    const { POST } = await import("@/app/api/webhooks/whatsapp/route");
    const post = async (tenant: ChannelTestTenant, from: string, body: string) => {
      const sid = "SM" + Math.random().toString(16).slice(2).padEnd(32, "0").slice(0, 32);
      const params = { MessageSid: sid, SmsSid: sid, AccountSid: tenant.twilioAccountSid, From: `whatsapp:${from}`, To: `whatsapp:${tenant.whatsappNumber}`, Body: body, NumMedia: "0" };
      const url = `${PUBLIC_URL}/api/webhooks/whatsapp`;
      const res = await POST(new NextRequest("http://127.0.0.1:3000/api/webhooks/whatsapp", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": getExpectedTwilioSignature(tenant.twilioToken, url, params) },
        body: new URLSearchParams(params).toString(),
      }));
      expect(res.status).toBe(200);
      return res.text();
    };
    expect(await post(T("salon-amel"), PHONES.algiersOptedOut, "Arrêt")).toMatch(/ne recevrez plus|no longer receive/);
    expect(await post(T("salon-amel"), PHONES.algiers, "START")).toMatch(/à nouveau|again/);
    expect(await post(T("salon-amel"), PHONES.algiers, "stop please call me")).not.toMatch(/ne recevrez plus|no longer receive/);
    const { rows } = await env.admin.query(`SELECT tenant_id, address FROM messaging_opt_outs ORDER BY address`);
    expect(rows).toEqual([{ tenant_id: T("salon-amel").id, address: PHONES.algiersOptedOut }]);
  });

  it("sends exactly one Twilio request per confirmation, with the tenant's own account and sender", async () => {
    // Cancelled before the job ran: its booking confirmation is dropped, the cancellation goes out.
    await env.admin.query(`UPDATE appointments SET status = 'cancelled' WHERE id = $1`, [ids.parisCancelled]);
    await tick();
    await tick();
    for (const [key, phone] of [["toronto", PHONES.toronto], ["paris", PHONES.paris], ["algiers", PHONES.algiers]] as const) {
      expect(sentTo(phone), key).toHaveLength(1);
    }
    expect(sentTo(PHONES.parisCancelled).map((s) => s.params.Body)).toEqual([expect.stringMatching(/annulé|cancelled/)]);
    expect(sentTo(PHONES.algiersOptedOut)).toEqual([]);
    expect((await outbox(ids.algiersOptedOut))[0]).toMatchObject({ status: "skipped", last_error: expect.stringMatching(/opted out/) });
    for (const send of twilio.sends) {
      const owner = Object.values(env.tenants).find((t) => `whatsapp:${t.whatsappNumber}` === send.params.From)!;
      expect(send).toMatchObject({ accountSid: owner.twilioAccountSid, authOk: true, status: 201 });
      expect(send.params.StatusCallback).toBe(`${PUBLIC_URL}/api/webhooks/whatsapp/status`);
      expect(send.params.Body).toMatch(/STOP/);
    }
    const paris = await outbox(ids.paris);
    expect(paris[0]).toMatchObject({ kind: "booked", status: "sent", via: "whatsapp", recipient: PHONES.paris, provider_id: sentTo(PHONES.paris)[0]!.sid });
    expect(sentTo(PHONES.paris)[0]!.params.Body).toMatch(new RegExp(`${PUBLIC_URL}/a/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}`));
  });
});

describe("reminders across time zones and DST", () => {
  const sentKinds = async (id: string) => (await outbox(id)).filter((m) => m.status === "sent").map((m) => m.kind);

  it("Toronto: the 24 h reminder follows the wall clock across the spring change (23 real hours), once", async () => {
    const before = sentTo(PHONES.toronto).length;
    at(on(NA_SPRING, -1, "14:00")); // 24 real hours before: Sat 09:00 EST, not yet
    await tick();
    expect(sentTo(PHONES.toronto)).toHaveLength(before);
    at(on(NA_SPRING, -1, "15:00")); // Sat 10:00 EST: the day before at the same time
    await tick();
    at(on(NA_SPRING, -1, "15:01"));
    await tick();
    expect(sentTo(PHONES.toronto)).toHaveLength(before + 1);
    expect(await sentKinds(ids.toronto)).toEqual(["booked", "reminder_first"]);
    at(on(NA_SPRING, 0, "11:59"));
    await tick();
    expect(await sentKinds(ids.toronto)).toEqual(["booked", "reminder_first"]);
    at(on(NA_SPRING, 0, "12:00")); // Sun 08:00 EDT, 2 h before
    await Promise.all([tick(runners[0]), tick(runners[1])]);
    at(on(NA_SPRING, 0, "12:05"));
    await Promise.all([tick(runners[0]), tick(runners[1])]);
    expect(await sentKinds(ids.toronto)).toEqual(["booked", "reminder_first", "reminder_second"]);
    expect(sentTo(PHONES.toronto)).toHaveLength(before + 2);
  });

  it("the one-tap link cancels once, refuses a tampered or expired copy, and the cancelled appointment gets no reminder", async () => {
    const { POST } = await import("@/app/api/v1/appointment-link/route");
    const token = /\/a\/([A-Za-z0-9_.-]+)/.exec(sentTo(PHONES.paris)[0]!.params.Body!)![1]!;
    const tap = (t: string, action = "cancel") =>
      POST(new NextRequest("http://cabinet-dupont.localhost:3000/api/v1/appointment-link", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: t, action }) }));
    // Tampered: another appointment id in the payload, the old signature.
    const [payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, a: ids.algiers })).toString("base64url") + "." + signature;
    const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const bad of [forged, flipped, "not-a-token", token + "x"]) {
      const res = await tap(bad);
      expect(res.status, bad).toBe(400);
    }
    expect((await env.admin.query(`SELECT status FROM appointments WHERE id = ANY($1::uuid[])`, [[ids.paris, ids.algiers]])).rows.map((r) => r.status)).toEqual(["booked", "booked"]);

    const [first, second] = [await tap(token), await tap(token)];
    expect(await first.json()).toEqual({ result: "cancelled" });
    expect(await second.json()).toEqual({ result: "already_cancelled" });
    expect((await env.admin.query(`SELECT status FROM appointments WHERE id = $1`, [ids.paris])).rows[0].status).toBe("cancelled");

    // Its cancellation is confirmed once; its 48 h reminder (Sat 09:00 CET) never goes, nor the 2 h one (checked below).
    at(on(EU_SPRING, -1, "08:00"));
    await tick();
    expect(await sentKinds(ids.paris)).toEqual(["booked", "cancelled"]);
    expect(sentTo(PHONES.paris)).toHaveLength(2);
    expect(sentTo(PHONES.parisCancelled)).toHaveLength(1);

    // After the appointment's time the link is dead (403), whatever it names.
    const { applyLinkAction } = await import("@/lib/messaging");
    await expect(applyLinkAction({ token, action: "cancel" }, new Date(Date.parse(on(EU_SPRING, 1, "07:00")) + 1000))).rejects.toMatchObject({ status: 403 });
  });

  it("Paris: a 48 h reminder crosses the spring change on the wall clock; Algiers (no DST) gets 24 h and 2 h, each once", async () => {
    ids.paris2 = await book("cabinet-dupont", { phone: "+33612345603", startsAt: on(EU_SPRING, 1, "09:00") }); // Mon 11:00 CEST
    at(on(EU_SPRING, -1, "09:30"));
    await tick(); // confirmation
    expect(await sentKinds(ids.paris2)).toEqual(["booked"]);
    at(on(EU_SPRING, -1, "09:59")); // 47 real hours + 1 min before: Sat 10:59 CET, not yet
    await tick();
    expect(await sentKinds(ids.paris2)).toEqual(["booked"]);
    at(on(EU_SPRING, -1, "10:00")); // Sat 11:00 CET = 47 real hours before
    await Promise.all([tick(runners[0]), tick(runners[1])]);
    expect(await sentKinds(ids.paris2)).toEqual(["booked", "reminder_first"]);

    at(on(EU_SPRING, 0, "09:59"));
    await tick();
    expect(await sentKinds(ids.algiers)).toEqual(["booked"]);
    at(on(EU_SPRING, 0, "10:00")); // Sun 11:00 Algiers
    await tick();
    at(on(EU_SPRING, 1, "08:00")); // Mon 09:00 Algiers; Paris 10:00 = 2 h before paris2
    await Promise.all([tick(runners[0]), tick(runners[1])]);
    at(on(EU_SPRING, 1, "08:01"));
    await tick();
    expect(await sentKinds(ids.algiers)).toEqual(["booked", "reminder_first", "reminder_second"]);
    expect(await sentKinds(ids.paris2)).toEqual(["booked", "reminder_first", "reminder_second"]);
    expect(sentTo(PHONES.algiers)).toHaveLength(3);
    expect(sentTo("+33612345603")).toHaveLength(3);
    // The cancelled appointment's 2 h reminder time (05:00Z) passed: still nothing.
    expect(await sentKinds(ids.paris)).toEqual(["booked", "cancelled"]);
    // The opted-out client heard nothing at all.
    expect(sentTo(PHONES.algiersOptedOut)).toEqual([]);
    expect((await outbox(ids.algiersOptedOut)).every((m) => m.status === "skipped")).toBe(true);
    // The scheduled time is the idempotency key: one row per reminder, ever.
    const { rows } = await env.admin.query(`SELECT appointment_id, kind, count(*)::int AS n FROM outbound_messages GROUP BY 1, 2 HAVING count(*) > 1`);
    expect(rows).toEqual([]);
  });
});
