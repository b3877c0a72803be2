import { randomBytes } from "node:crypto";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PUBLIC_URL, type ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";
import { startTwilioStandIn, type TwilioStandIn } from "../support/twilio-standin";

/*
 * A staff reply on WhatsApp through the app's own route and its production
 * sender: one Twilio Messages REST call from the tenant's number with the
 * tenant's stored credentials (Twilio's stand-in at the network edge checks
 * them), the SID kept on the stored reply; a refusal or an unreachable
 * Twilio stores nothing and says why.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
let twilio: TwilioStandIn;
let whatsapp: (req: Request) => Promise<Response>;
let takeOver: Handler;
let reply: Handler;
const SENDER = "+15145550188";

beforeAll(async () => {
  r = await setUpConsoleRoles("inbox-whatsapp", { members: ["staff"], channel: { storeTwilioAccountSid: true } });
  env = r.env;
  twilio = await startTwilioStandIn();
  process.env.TWILIO_API_BASE_URL = twilio.url;
  for (const t of Object.values(env.tenants)) twilio.accounts.set(t.twilioAccountSid, t.twilioToken);
  ({ POST: whatsapp } = await import("@/app/api/webhooks/whatsapp/route"));
  ({ POST: takeOver } = (await import("@/app/api/inbox/[id]/take-over/route")) as unknown as { POST: Handler });
  ({ POST: reply } = (await import("@/app/api/inbox/[id]/reply/route")) as unknown as { POST: Handler });
}, 120_000);

afterAll(async () => {
  await twilio?.close();
  delete process.env.TWILIO_API_BASE_URL;
  await env?.close();
});

const maple = () => env.tenants["maple-dental"];

async function inbound(body: string) {
  const sid = "SM" + randomBytes(16).toString("hex");
  const params: Record<string, string> = {
    SmsMessageSid: sid,
    SmsSid: sid,
    MessageSid: sid,
    NumMedia: "0",
    Body: body,
    To: `whatsapp:${maple().whatsappNumber}`,
    From: `whatsapp:${SENDER}`,
    AccountSid: maple().twilioAccountSid,
  };
  const signature = getExpectedTwilioSignature(maple().twilioToken, PUBLIC_URL + "/api/webhooks/whatsapp", params);
  const res = await whatsapp(
    new Request("http://127.0.0.1:3000/api/webhooks/whatsapp", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams(params).toString(),
    }),
  );
  expect(res.status).toBe(200);
}

it("sends one REST call with the tenant's credentials from its WhatsApp number, and stores the SID", async () => {
  await inbound("Hello, can someone call me back?");
  const id = (await env.admin.query(`SELECT id FROM conversations WHERE tenant_id = $1 AND external_id = $2`, [maple().id, SENDER])).rows[0].id as string;
  expect((await r.send("staff", takeOver, "POST", { params: { id } })).status).toBe(200);

  const sent = await r.send("staff", reply, "POST", { params: { id }, body: { text: "Hello, Maple Dental here." } });
  expect(sent.status, sent.text).toBe(201);
  expect(twilio.sends).toHaveLength(1);
  const [call] = twilio.sends;
  expect(call).toMatchObject({ accountSid: maple().twilioAccountSid, authOk: true, status: 201 });
  expect(call!.params).toMatchObject({ From: `whatsapp:${maple().whatsappNumber}`, To: `whatsapp:${SENDER}`, Body: "Hello, Maple Dental here." });
  const stored = await env.admin.query(`SELECT external_id FROM messages WHERE conversation_id = $1 AND role = 'staff' AND metadata->>'step' = 'reply'`, [id]);
  expect(stored.rows.map((m) => m.external_id)).toEqual([call!.sid]);

  // Twilio refuses (a 4xx that will not change): 409 naming it, nothing stored.
  twilio.faults.push(400);
  const refused = await r.send<{ error: { reason: string } }>("staff", reply, "POST", { params: { id }, body: { text: "Second try" } });
  expect(refused.status).toBe(409);
  expect(refused.json.error.reason).toBe("whatsapp_refused");
  // Twilio down: 502, nothing stored either, so the member can simply send again.
  twilio.faults.push(500);
  const down = await r.send<{ error: { reason: string } }>("staff", reply, "POST", { params: { id }, body: { text: "Third try" } });
  expect(down.status).toBe(502);
  expect(down.json.error.reason).toBe("whatsapp_unreachable");
  expect(twilio.sends).toHaveLength(3);
  expect((await env.admin.query(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND role = 'staff' AND metadata->>'step' = 'reply'`, [id])).rows[0].n).toBe(1);
});
