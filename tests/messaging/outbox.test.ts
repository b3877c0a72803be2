import { NextRequest } from "next/server";
import { renderToStaticMarkup } from "react-dom/server";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { PUBLIC_URL, setUpChannelTest, type ChannelTestEnv, type ChannelTestTenant } from "../channels/channel-test-env";
import { startTwilioStandIn, type TwilioStandIn } from "../support/twilio-standin";

/*
 * The outbox's own guarantees, one tenant's dispatch called directly: racing
 * dispatchers send once (SKIP LOCKED claims), a 5xx is retried later and a
 * 4xx fails for good with its reason, a tenant without Twilio credentials
 * gets a failure the console can show, a tenant's run never touches another
 * tenant's messages, voice callers fall back to email, and delivery status
 * callbacks are signed, stored, and never move backwards.
 */

let env: ChannelTestEnv;
let twilio: TwilioStandIn;
// Two years ahead, so the appointments are in the future whenever this runs.
const Y = new Date().getUTCFullYear() + 2;
const NOW = new Date(`${Y}-06-01T08:00:00Z`);
const START = new Date(`${Y}-06-10T08:00:00Z`);

type Slug = "cabinet-dupont" | "salon-amel" | "maple-dental";
const T = (slug: Slug): ChannelTestTenant => env.tenants[slug];

beforeAll(async () => {
  env = await setUpChannelTest("outbox", { storeTwilioAccountSid: true });
  twilio = await startTwilioStandIn();
  process.env.TWILIO_API_BASE_URL = twilio.url;
  for (const t of Object.values(env.tenants)) twilio.accounts.set(t.twilioAccountSid, t.twilioToken);
}, 120_000);

afterAll(async () => {
  await twilio?.close();
  delete process.env.TWILIO_API_BASE_URL;
  await env?.close();
});

beforeEach(() => {
  twilio.faults.length = 0;
});

let counter = 0;
async function book(slug: Slug, o: { channel?: "whatsapp" | "voice" | "web"; email?: string; phone?: string } = {}) {
  const n = ++counter;
  const phone = o.phone ?? `+4179555${String(1000 + n).padStart(4, "0")}`;
  const { rows: [client] } = await env.admin.query(
    `INSERT INTO clients (tenant_id, name, phone, email, updated_at) VALUES ($1, 'Client', $2, $3, now()) RETURNING id`,
    [T(slug).id, phone, o.email ?? null],
  );
  const { rows: [service] } = await env.admin.query(`SELECT id FROM services WHERE tenant_id = $1 AND active LIMIT 1`, [T(slug).id]);
  const startsAt = new Date(START.getTime() + n * 3_600_000);
  const { rows: [appointment] } = await env.admin.query(
    `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, channel, updated_at) VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id`,
    [T(slug).id, service.id, client.id, startsAt, new Date(startsAt.getTime() + 1_800_000), o.channel ?? "whatsapp"],
  );
  return { id: appointment.id as string, phone };
}

async function dispatch(slug: Slug, at = NOW) {
  const { runAsTenant } = await import("@/lib/tenancy");
  const { dispatchClientMessages } = await import("@/lib/messaging");
  return runAsTenant(T(slug).id, () => dispatchClientMessages(at));
}

const row = async (appointmentId: string) =>
  (await env.admin.query(`SELECT * FROM outbound_messages WHERE appointment_id = $1 AND kind = 'booked'`, [appointmentId])).rows[0];
const sendsTo = (phone: string) => twilio.sends.filter((s) => s.params.To === `whatsapp:${phone}`);

it("a tenant's run sends its own messages only, with its own credentials", async () => {
  const a = await book("cabinet-dupont");
  const b = await book("maple-dental");
  await dispatch("cabinet-dupont");
  expect(sendsTo(a.phone)).toHaveLength(1);
  expect(sendsTo(a.phone)[0]).toMatchObject({ accountSid: T("cabinet-dupont").twilioAccountSid, authOk: true });
  expect(sendsTo(b.phone)).toEqual([]);
  expect((await row(b.id)).status).toBe("pending");
  await dispatch("maple-dental");
  expect(sendsTo(b.phone)).toHaveLength(1);
  expect(sendsTo(b.phone)[0]!.params.Body).toMatch(/Maple|confirmed|confirmé/);
});

it("four dispatchers racing over the same messages send each once", async () => {
  const booked = [];
  for (let i = 0; i < 6; i++) booked.push(await book("salon-amel"));
  const before = twilio.sends.length;
  await Promise.all([1, 2, 3, 4].map(() => dispatch("salon-amel")));
  expect(twilio.sends.length - before).toBe(6);
  for (const b of booked) {
    expect(sendsTo(b.phone)).toHaveLength(1);
    expect(await row(b.id)).toMatchObject({ status: "sent", attempts: 1, provider_id: sendsTo(b.phone)[0]!.sid });
  }
});

it("a 5xx is retried after a backoff and sent once; a 4xx fails for good with its reason", async () => {
  const flaky = await book("cabinet-dupont");
  twilio.faults.push(500);
  await dispatch("cabinet-dupont");
  const waiting = await row(flaky.id);
  expect(waiting).toMatchObject({ status: "pending", attempts: 1, last_error: "Twilio answered 500" });
  expect(waiting.next_attempt_at.getTime()).toBe(NOW.getTime() + 60_000);
  await dispatch("cabinet-dupont", new Date(NOW.getTime() + 30_000)); // not yet due again
  expect(sendsTo(flaky.phone)).toHaveLength(1);
  await dispatch("cabinet-dupont", new Date(NOW.getTime() + 60_000));
  expect(sendsTo(flaky.phone).map((s) => s.status)).toEqual([500, 201]);
  expect(await row(flaky.id)).toMatchObject({ status: "sent", attempts: 2 });

  const refused = await book("cabinet-dupont");
  twilio.faults.push(400);
  await dispatch("cabinet-dupont");
  await dispatch("cabinet-dupont", new Date(NOW.getTime() + 3_600_000));
  expect(sendsTo(refused.phone).map((s) => s.status)).toEqual([400]);
  expect(await row(refused.id)).toMatchObject({ status: "failed", last_error: "Twilio refused the message (400, error 21610)" });
});

it("a tenant without Twilio credentials gets a failure that says what to do, and no request is made", async () => {
  await env.admin.query(`DELETE FROM tenant_secrets WHERE tenant_id = $1 AND provider = 'twilio' AND name = 'account_sid'`, [T("maple-dental").id]);
  const b = await book("maple-dental");
  await dispatch("maple-dental");
  expect(sendsTo(b.phone)).toEqual([]);
  expect(await row(b.id)).toMatchObject({ status: "failed", via: "whatsapp", last_error: expect.stringMatching(/Twilio credentials missing.*Provider keys page/) });
});

it("a caller without WhatsApp on the tenant's side is confirmed by email; a web visitor without email is skipped with a reason", async () => {
  await env.admin.query(`UPDATE channel_routes SET active = false WHERE tenant_id = $1 AND channel = 'whatsapp'`, [T("salon-amel").id]);
  try {
    const caller = await book("salon-amel", { channel: "voice", email: "Caller@Example.test" });
    const visitor = await book("salon-amel", { channel: "web" });
    await dispatch("salon-amel");
    expect(await row(caller.id)).toMatchObject({ status: "sent", via: "email", recipient: "Caller@Example.test" });
    const mail = await env.admin.query(`SELECT to_address, subject, text_body, kind FROM email_outbox WHERE tenant_id = $1 AND to_address = 'Caller@Example.test'`, [T("salon-amel").id]);
    expect(mail.rows).toHaveLength(1);
    expect(mail.rows[0].kind).toBe("client_message");
    expect(mail.rows[0].text_body).toMatch(/\/a\/[A-Za-z0-9_-]+\./);
    // A reply to an email reaches nobody: the way out is the link's page, not "reply STOP".
    expect(mail.rows[0].text_body).not.toMatch(/STOP/);
    expect(mail.rows[0].text_body).toMatch(/ne plus recevoir de messages : http|receive no more messages: http/);
    expect(await row(visitor.id)).toMatchObject({ status: "skipped", last_error: expect.stringMatching(/No WhatsApp number or email/) });
    expect(sendsTo(caller.phone)).toEqual([]);
  } finally {
    await env.admin.query(`UPDATE channel_routes SET active = true WHERE tenant_id = $1 AND channel = 'whatsapp'`, [T("salon-amel").id]);
  }
});

it("delivery statuses are verified, stored, and never move backwards", async () => {
  const b = await book("cabinet-dupont");
  await dispatch("cabinet-dupont");
  const sid = sendsTo(b.phone)[0]!.sid!;
  const { POST } = await import("@/app/api/webhooks/whatsapp/status/route");
  const post = (status: string, token = T("cabinet-dupont").twilioToken, from = T("cabinet-dupont").whatsappNumber) => {
    const params = { MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, AccountSid: T("cabinet-dupont").twilioAccountSid, From: `whatsapp:${from}`, To: `whatsapp:${b.phone}`, ApiVersion: "2010-04-01" };
    const signature = getExpectedTwilioSignature(token, `${PUBLIC_URL}/api/webhooks/whatsapp/status`, params);
    return POST(new NextRequest("http://127.0.0.1:3000/api/webhooks/whatsapp/status", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams(params).toString(),
    }));
  };
  const delivery = async () => (await row(b.id)).delivery_status;

  expect((await post("delivered", "0".repeat(32))).status).toBe(403);
  expect(await delivery()).toBeNull();
  // Another tenant's number cannot speak for this message.
  expect((await post("failed", T("salon-amel").twilioToken, T("salon-amel").whatsappNumber)).status).toBe(403);
  expect((await post("sent")).status).toBe(200);
  expect(await delivery()).toBe("sent");
  await post("delivered");
  await post("sent"); // late and older
  await post("queued");
  expect(await delivery()).toBe("delivered");
  await post("read");
  expect(await delivery()).toBe("read");
  await post("undelivered");
  await post("delivered");
  expect(await row(b.id)).toMatchObject({ delivery_status: "undelivered", last_error: expect.stringMatching(/could not deliver/) });
  // The Receptionist page counts it with the tenant's other failures, with the latest reason.
  const { runAsTenant } = await import("@/lib/tenancy");
  const { tenantDb } = await import("@/lib/db");
  const { loadReminderConsole } = await import("@/lib/messaging");
  const view = await runAsTenant(T("cabinet-dupont").id, () => loadReminderConsole(tenantDb(), new Date()));
  expect(view.failures.count).toBeGreaterThanOrEqual(2); // the 4xx refusal above, and this one
  expect(view.failures.reason).toMatch(/could not deliver/);
});

it("on WhatsApp, CANCEL goes to the receptionist, which asks before cancelling", async () => {
  const b = await book("maple-dental", { phone: "+14165550177" });
  await env.admin.query(`UPDATE appointments SET starts_at = now() + interval '3 days', ends_at = now() + interval '3 days 30 minutes' WHERE id = $1`, [b.id]);
  const { POST } = await import("@/app/api/webhooks/whatsapp/route");
  const say = async (body: string) => {
    const sid = "SM" + Buffer.from(`${body}${Math.random()}`).toString("hex").padEnd(32, "0").slice(0, 32);
    const params = { MessageSid: sid, SmsSid: sid, AccountSid: T("maple-dental").twilioAccountSid, From: `whatsapp:${b.phone}`, To: `whatsapp:${T("maple-dental").whatsappNumber}`, Body: body, NumMedia: "0" };
    const res = await POST(new NextRequest("http://127.0.0.1:3000/api/webhooks/whatsapp", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": getExpectedTwilioSignature(T("maple-dental").twilioToken, `${PUBLIC_URL}/api/webhooks/whatsapp`, params) },
      body: new URLSearchParams(params).toString(),
    }));
    return res.text();
  };
  const status = async () => (await env.admin.query(`SELECT status FROM appointments WHERE id = $1`, [b.id])).rows[0].status;
  expect(await say("CANCEL")).toMatch(/cancel/i);
  expect(await status()).toBe("booked");
  await say("yes");
  expect(await status()).toBe("cancelled");
  // The cancellation is queued for confirmation like any other change (the move is this test's own set-up).
  expect((await env.admin.query(`SELECT kind FROM outbound_messages WHERE appointment_id = $1 ORDER BY kind`, [b.id])).rows.map((r) => r.kind)).toEqual(["booked", "moved", "cancelled"]);
});

it("the link's page works on a tenant host without a session, and moves only under the booking rules", async () => {
  const b = await book("cabinet-dupont");
  await env.admin.query(`UPDATE appointments SET starts_at = $2, ends_at = $3 WHERE id = $1`, [b.id, new Date(`${Y}-06-14T08:00:00Z`), new Date(`${Y}-06-14T08:30:00Z`)]);
  const { signAppointmentLink, readLinkedAppointment } = await import("@/lib/messaging");
  const token = signAppointmentLink({ tenantId: T("cabinet-dupont").id, appointmentId: b.id, expiresAt: new Date(`${Y}-06-14T08:00:00Z`) });

  const { proxy } = await import("@/proxy");
  for (const host of ["cabinet-dupont.localhost:3000", "localhost:3000"]) {
    const res = await proxy(new NextRequest(`http://${host}/a/${token}`, { headers: { host } }));
    expect(res.headers.get("x-middleware-next"), host).toBe("1");
    expect(res.headers.get("x-middleware-rewrite")).toBeNull();
  }

  const page = await readLinkedAppointment(token, NOW);
  expect(page).toMatchObject({ status: "booked", business: expect.any(String) });
  expect(page.slots.length).toBeGreaterThan(0);
  const { POST } = await import("@/app/api/v1/appointment-link/route");
  const move = (startsAt: string) =>
    POST(new NextRequest("http://localhost:3000/api/v1/appointment-link", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, action: "move", startsAt }) }));
  // 03:00 in Paris is outside any opening hours: refused, nothing moved.
  const closed = await move(`${Y}-06-15T01:00:00Z`);
  expect(closed.status).toBe(409);
  expect((await closed.json()).error.field).toBe("startsAt");
  const target = page.slots[0]!.startsAt.toISOString();
  const moved = await move(target);
  expect(moved.status).toBe(200);
  expect((await env.admin.query(`SELECT starts_at FROM appointments WHERE id = $1`, [b.id])).rows[0].starts_at.toISOString()).toBe(target);
  // One move from this test's own set-up, one through the link: each queued for confirmation.
  expect((await env.admin.query(`SELECT kind FROM outbound_messages WHERE appointment_id = $1 AND kind = 'moved'`, [b.id])).rows).toHaveLength(2);

  // A form post (the page's buttons) comes back to the page with the outcome.
  const form = await POST(new NextRequest("http://cabinet-dupont.localhost:3000/api/v1/appointment-link", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token, action: "cancel" }).toString(),
  }));
  expect(form.status).toBe(303);
  expect(form.headers.get("location")).toBe(`http://cabinet-dupont.localhost:3000/a/${token}?done=cancelled`);
});

it("the link's page shows the appointment with cancel and move buttons, and says nothing for a bad link", async () => {
  const b = await book("cabinet-dupont");
  await env.admin.query(`UPDATE appointments SET starts_at = $2, ends_at = $3 WHERE id = $1`, [b.id, new Date(`${Y}-06-16T08:00:00Z`), new Date(`${Y}-06-16T08:30:00Z`)]);
  const { signAppointmentLink } = await import("@/lib/messaging");
  const token = signAppointmentLink({ tenantId: T("cabinet-dupont").id, appointmentId: b.id, expiresAt: new Date(`${Y}-06-16T08:00:00Z`) });
  const { default: Page } = await import("@/app/a/[token]/page");
  const render = async (t: string, done?: string) =>
    renderToStaticMarkup(await Page({ params: Promise.resolve({ token: t }), searchParams: Promise.resolve(done ? { done } : {}) }));

  const html = await render(token);
  expect(html).toContain("Annuler ce rendez-vous");
  expect(html).toContain("16 juin");
  expect(html.match(/name="action" value="move"/g)?.length).toBeGreaterThan(0);
  expect(html).toContain(`value="${token}"`);

  const bad = await render(token.slice(0, -2) + "xx");
  expect(bad).toContain("n&#x27;est pas valide");
  expect(bad).not.toContain("juin");

  await env.admin.query(`UPDATE appointments SET status = 'cancelled' WHERE id = $1`, [b.id]);
  const after = await render(token, "cancelled");
  expect(after).toContain("Votre rendez-vous est annulé.");
  expect(after).not.toContain("Annuler ce rendez-vous");
});

it("the link's page stops the client's messages, by number and email, and later ones are skipped", async () => {
  const b = await book("salon-amel", { email: "Stop.Me@Example.test" });
  const { signAppointmentLink } = await import("@/lib/messaging");
  const start = (await env.admin.query(`SELECT starts_at FROM appointments WHERE id = $1`, [b.id])).rows[0].starts_at as Date;
  const token = signAppointmentLink({ tenantId: T("salon-amel").id, appointmentId: b.id, expiresAt: start });
  const { POST } = await import("@/app/api/v1/appointment-link/route");
  const res = await POST(new NextRequest("http://localhost:3000/api/v1/appointment-link", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, action: "stop" }) }));
  expect(await res.json()).toEqual({ result: "stopped" });
  const { rows } = await env.admin.query(`SELECT address FROM messaging_opt_outs WHERE tenant_id = $1 AND address = ANY($2) ORDER BY address`, [T("salon-amel").id, [b.phone, "stop.me@example.test"]]);
  expect(rows.map((r) => r.address)).toEqual([b.phone, "stop.me@example.test"].sort());
  await dispatch("salon-amel");
  expect(sendsTo(b.phone)).toEqual([]);
  expect(await row(b.id)).toMatchObject({ status: "skipped", last_error: expect.stringMatching(/opted out/) });
  // An unknown action is a 400 naming the field, and changes nothing.
  const odd = await POST(new NextRequest("http://localhost:3000/api/v1/appointment-link", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, action: "delete" }) }));
  expect(odd.status).toBe(400);
  expect((await odd.json()).error.field).toBe("action");
});

it("a message a dead worker left mid-send is failed after its claim, never sent again", async () => {
  const b = await book("cabinet-dupont");
  const claimedUntil = new Date(NOW.getTime() + 10 * 60_000);
  await env.admin.query(`UPDATE outbound_messages SET status = 'sending', attempts = 1, claimed_until = $2 WHERE appointment_id = $1`, [b.id, claimedUntil]);
  await dispatch("cabinet-dupont", new Date(claimedUntil.getTime() - 1000)); // still claimed: left alone
  expect(await row(b.id)).toMatchObject({ status: "sending" });
  await dispatch("cabinet-dupont", new Date(claimedUntil.getTime() + 1000));
  expect(await row(b.id)).toMatchObject({ status: "failed", last_error: expect.stringMatching(/Interrupted while sending/) });
  await dispatch("cabinet-dupont", new Date(claimedUntil.getTime() + 3_600_000));
  expect(sendsTo(b.phone)).toEqual([]);
});
