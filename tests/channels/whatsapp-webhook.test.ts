import { randomBytes } from "node:crypto";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_URL, setUpChannelTest, type ChannelTestEnv, type ChannelTestTenant } from "./channel-test-env";

/*
 * Contract of POST /api/webhooks/whatsapp with Twilio's form posts, signed the
 * way Twilio signs them: over the public URL and every posted parameter.
 */

let env: ChannelTestEnv;
let POST: (request: Request) => Promise<Response>;

const PATH = "/api/webhooks/whatsapp";
const SENDER = "+41791234567";

beforeAll(async () => {
  env = await setUpChannelTest("whatsapp", { storeTwilioAccountSid: true });
  ({ POST } = await import("@/app/api/webhooks/whatsapp/route"));
});

afterAll(async () => {
  await env?.close();
});

const dupont = () => env.tenants["cabinet-dupont"];
const amel = () => env.tenants["salon-amel"];

/** The Twilio account of the tenant that routes `to` (any account for a number nobody routes). */
const accountSidOf = (to: string) =>
  Object.values(env.tenants).find((t) => t.whatsappNumber === to)?.twilioAccountSid ?? "AC" + randomBytes(16).toString("hex");

function inbound(to: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = "SM" + randomBytes(16).toString("hex");
  return {
    SmsMessageSid: sid,
    NumMedia: "0",
    ProfileName: "Léa Martin",
    MessageType: "text",
    SmsSid: sid,
    WaId: SENDER.slice(1),
    SmsStatus: "received",
    Body: body,
    To: `whatsapp:${to}`,
    NumSegments: "1",
    ReferralNumMedia: "0",
    MessageSid: sid,
    AccountSid: accountSidOf(to),
    From: `whatsapp:${SENDER}`,
    ApiVersion: "2010-04-01",
    // A parameter this code has never heard of: it must still be signed over.
    ChannelMetadata: JSON.stringify({ type: "whatsapp", data: { context: { ProfileName: "Léa Martin", WaId: SENDER.slice(1) } } }),
    ...extra,
  };
}

function post(params: Record<string, string>, signature: string | null): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  // The handler sees the internal address; Twilio signed the public one.
  return POST(new Request(`http://127.0.0.1:3000${PATH}`, { method: "POST", headers, body: new URLSearchParams(params).toString() }));
}

const signed = (token: string, params: Record<string, string>, url = PUBLIC_URL + PATH) =>
  getExpectedTwilioSignature(token, url, params);

function messageOf(twiml: string): string {
  const m = twiml.match(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>([\s\S]*)<\/Message><\/Response>$/);
  expect(m, twiml).not.toBeNull();
  return m![1]!;
}

describe("signed messages", () => {
  it("runs one agent turn on the sender's conversation and answers TwiML", async () => {
    const params = inbound(dupont().whatsappNumber, "Bonjour, quels sont vos horaires ?");
    const res = await post(params, signed(dupont().twilioToken, params));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(messageOf(await res.text()).length).toBeGreaterThan(0);

    const conv = await env.admin.query(
      `SELECT c.tenant_id, c.channel, c.external_id FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
       WHERE m.external_id = $1`,
      [params.MessageSid],
    );
    expect(conv.rows).toEqual([{ tenant_id: dupont().id, channel: "whatsapp", external_id: SENDER }]);
  });

  it("answers a repeated MessageSid with the same TwiML and does nothing twice", async () => {
    const params = inbound(dupont().whatsappNumber, "Où se garer ?");
    const first = await post(params, signed(dupont().twilioToken, params));
    const firstBody = await first.text();
    const before = await env.countRows();
    const again = await post(params, signed(dupont().twilioToken, params));
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(firstBody);
    expect(await env.countRows()).toEqual(before);
  });

  const turnFrom = (to: () => ChannelTestTenant, sender: string, profileName: string | null) => async (text: string) => {
    const params = inbound(to().whatsappNumber, text, { From: `whatsapp:${sender}`, WaId: sender.slice(1) });
    if (profileName === null) delete params.ProfileName;
    else params.ProfileName = profileName;
    const res = await post(params, signed(to().twilioToken, params));
    expect(res.status).toBe(200);
    return messageOf(await res.text());
  };
  const bookingsOf = (sender: string) =>
    env.admin.query(
      `SELECT a.tenant_id, a.channel, a.status, c.name, c.phone FROM appointments a JOIN clients c ON c.tenant_id = a.tenant_id AND c.id = a.client_id
       WHERE c.phone = $1`,
      [sender],
    );

  it("books with the sender's WhatsApp number as caller ID, asking the name when WhatsApp gives none", async () => {
    const sender = "+41795550100";
    const turn = turnFrom(amel, sender, null);
    await turn("Bonjour, je voudrais une coupe mardi prochain à 11h");
    await turn("Au nom de Nadia Haddad");
    await turn("Oui");
    expect((await bookingsOf(sender)).rows).toEqual([{ tenant_id: amel().id, channel: "whatsapp", status: "booked", name: "Nadia Haddad", phone: sender }]);
  });

  it("takes a new sender's WhatsApp ProfileName as their name instead of asking for it", async () => {
    const sender = "+41795550101";
    const turn = turnFrom(amel, sender, "  Amélie   Dubois ");
    const recap = await turn("Bonjour, je voudrais une coupe mardi prochain à 14h");
    expect(recap).toContain("Amélie Dubois");
    expect(recap).not.toMatch(/quel nom/i);
    await turn("Oui");
    expect((await bookingsOf(sender)).rows).toEqual([{ tenant_id: amel().id, channel: "whatsapp", status: "booked", name: "Amélie Dubois", phone: sender }]);
  });

  it("never renames a known client after their WhatsApp ProfileName", async () => {
    const sender = "+41795550102";
    await env.admin.query(`INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Karim Benali', $2, now())`, [amel().id, sender]);
    const turn = turnFrom(amel, sender, "KB 🚀");
    const reply = await turn("Bonjour, je voudrais une coupe mardi prochain à 15h");
    expect(reply).not.toContain("KB");
    await turn("Oui");
    const clients = await env.admin.query(`SELECT name FROM clients WHERE tenant_id = $1 AND phone = $2`, [amel().id, sender]);
    expect(clients.rows).toEqual([{ name: "Karim Benali" }]);
    expect((await bookingsOf(sender)).rows).toEqual([{ tenant_id: amel().id, channel: "whatsapp", status: "booked", name: "Karim Benali", phone: sender }]);
  });

  it("answers a media-only message politely, counting it once", async () => {
    const params = inbound(amel().whatsappNumber, "", {
      NumMedia: "1",
      MessageType: "image",
      MediaContentType0: "image/jpeg",
      MediaUrl0: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
    });
    const res = await post(params, signed(amel().twilioToken, params));
    expect(res.status).toBe(200);
    expect(messageOf(await res.text())).toMatch(/texte|text/);
    const before = await env.countRows();
    await post(params, signed(amel().twilioToken, params));
    expect(await env.countRows()).toEqual(before);
    const usage = await env.admin.query(`SELECT tenant_id, metric, quantity FROM usage_events WHERE idempotency_key LIKE $1`, [
      `%${params.MessageSid}`,
    ]);
    expect(usage.rows).toEqual([{ tenant_id: amel().id, metric: "inbound_message", quantity: 1 }]);
  });

  it("acknowledges a delivery-status callback with an empty response and stores nothing", async () => {
    const sid = "SM" + randomBytes(16).toString("hex");
    const params = {
      MessageSid: sid,
      SmsSid: sid,
      MessageStatus: "delivered",
      SmsStatus: "delivered",
      To: `whatsapp:${SENDER}`,
      From: `whatsapp:${dupont().whatsappNumber}`,
      AccountSid: dupont().twilioAccountSid,
      ChannelToAddress: SENDER,
      ApiVersion: "2010-04-01",
    };
    // Routed by To, which here is the customer: unknown, so 404 — Twilio must be pointed at the status URL it owns.
    expect((await post(params, signed(dupont().twilioToken, params))).status).toBe(404);

    const inboundStatus = { ...params, To: `whatsapp:${dupont().whatsappNumber}`, From: `whatsapp:${SENDER}` };
    const before = await env.countRows();
    const res = await post(inboundStatus, signed(dupont().twilioToken, inboundStatus));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(await env.countRows()).toEqual(before);
  });

  it("answers a suspended tenant's sender politely and stores nothing", async () => {
    await env.admin.query(`UPDATE tenants SET status = 'suspended' WHERE id = $1`, [amel().id]);
    try {
      const before = await env.countRows();
      const params = inbound(amel().whatsappNumber, "Bonjour");
      const res = await post(params, signed(amel().twilioToken, params));
      expect(res.status).toBe(200);
      expect(messageOf(await res.text())).toMatch(/ne peut pas répondre en ligne/);
      expect(await env.countRows()).toEqual(before);
    } finally {
      await env.admin.query(`UPDATE tenants SET status = 'active' WHERE id = $1`, [amel().id]);
    }
  });
});

describe("refusals", () => {
  it("refuses a bad signature with 403 and writes nothing", async () => {
    const params = inbound(dupont().whatsappNumber, "Je veux un rendez-vous");
    const good = signed(dupont().twilioToken, params);
    const before = await env.countRows();
    const attempts: Array<[Record<string, string>, string | null]> = [
      [params, null],
      [params, ""],
      // One character changed (never to itself: a signature may start with "x").
      [params, (good.startsWith("x") ? "y" : "x") + good.slice(1)],
      // Signed with another tenant's token.
      [params, signed(amel().twilioToken, params)],
      // Signed over the internal URL rather than PUBLIC_URL.
      [params, signed(dupont().twilioToken, params, `http://127.0.0.1:3000${PATH}`)],
      // A parameter changed after signing, including one the code ignores.
      [{ ...params, Body: "Annulez tout" }, good],
      [{ ...params, ChannelMetadata: "{}" }, good],
      // A parameter added after signing.
      [{ ...params, Extra: "1" }, good],
    ];
    for (const [p, signature] of attempts) {
      const res = await post(p, signature);
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden");
    }
    expect(await env.countRows()).toEqual(before);
  });

  it("answers 404 for a number no tenant routes and 400 naming a missing field", async () => {
    const unknown = inbound("+41225559999", "Bonjour");
    const res = await post(unknown, signed(dupont().twilioToken, unknown));
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: "not_found", field: "To" });

    const { To: _to, ...noTo } = inbound(dupont().whatsappNumber, "Bonjour");
    const missing = await post(noTo, signed(dupont().twilioToken, noTo));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.field).toBe("To");

    const { MessageSid: _sid, ...noSid } = inbound(dupont().whatsappNumber, "Bonjour");
    const before = await env.countRows();
    const noSidRes = await post(noSid, signed(dupont().twilioToken, noSid));
    expect(noSidRes.status).toBe(400);
    expect((await noSidRes.json()).error.field).toBe("MessageSid");
    expect(await env.countRows()).toEqual(before);
  });
});
