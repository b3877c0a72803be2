import { randomBytes } from "node:crypto";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_URL, setUpChannelTest, type ChannelTestEnv } from "./channel-test-env";

/*
 * Replaying a captured, signed Twilio post with characters moved across a
 * parameter boundary. Twilio signs URL + sorted names and values run
 * together, so `MessageSid=SM…` followed by `MessageType=text` signs the same
 * string as one `MessageSid=SM…MessageTypetext`: the forged post verifies.
 * Strict formats make every such shift a 400, and nothing runs twice.
 */

let env: ChannelTestEnv;
let POST: (request: Request) => Promise<Response>;
const PATH = "/api/webhooks/whatsapp";
const SENDER = "+41791234568";

beforeAll(async () => {
  env = await setUpChannelTest("whatsappreplay", { storeTwilioAccountSid: true });
  ({ POST } = await import("@/app/api/webhooks/whatsapp/route"));
});

afterAll(async () => {
  await env?.close();
});

const dupont = () => env.tenants["cabinet-dupont"];

function captured(): Record<string, string> {
  const sid = "SM" + randomBytes(16).toString("hex");
  return {
    AccountSid: dupont().twilioAccountSid,
    ApiVersion: "2010-04-01",
    Body: "Bonjour, je voudrais un rendez-vous demain à 10h",
    From: `whatsapp:${SENDER}`,
    MessageSid: sid,
    MessageType: "text",
    NumMedia: "0",
    NumSegments: "1",
    ProfileName: "Léa Martin",
    ReferralNumMedia: "0",
    SmsMessageSid: sid,
    SmsSid: sid,
    SmsStatus: "received",
    To: `whatsapp:${dupont().whatsappNumber}`,
    WaId: SENDER.slice(1),
  };
}

const signatureOf = (params: Record<string, string>) => getExpectedTwilioSignature(dupont().twilioToken, PUBLIC_URL + PATH, params);

function post(params: Record<string, string>, signature: string): Promise<Response> {
  return POST(
    new Request(`http://127.0.0.1:3000${PATH}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams(params).toString(),
    }),
  );
}

/** Moves the parameter `absorbed` (name and value) to the end of `into`'s value: the signed string is unchanged. */
function shift(params: Record<string, string>, into: string, absorbed: string): Record<string, string> {
  const { [absorbed]: value, ...rest } = params;
  return { ...rest, [into]: `${params[into]}${absorbed}${value}` };
}

const turns = () => env.admin.query(`SELECT count(*)::int AS n FROM messages WHERE tenant_id = $1 AND role = 'caller'`, [dupont().id]);

describe("a captured signed post, replayed with a shifted boundary", () => {
  it.each([
    ["MessageSid absorbs MessageType: a new message id", "MessageSid", "MessageType", "MessageSid"],
    ["SmsStatus absorbs To", "SmsStatus", "To", "To"],
    ["From absorbs MessageSid", "From", "MessageSid", "From"],
    ["To absorbs WaId", "To", "WaId", "To"],
    ["NumMedia absorbs NumSegments", "NumMedia", "NumSegments", "NumMedia"],
    ["AccountSid absorbs ApiVersion", "AccountSid", "ApiVersion", "AccountSid"],
  ])("%s still verifies, and is a 400 naming the field with nothing run", async (_label, into, absorbed, field) => {
    const original = captured();
    const signature = signatureOf(original);
    const forged = shift(original, into, absorbed);
    expect(signatureOf(forged)).toBe(signature);
    const before = await env.countRows();
    const res = await post(forged, signature);
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe(field);
    expect(await env.countRows()).toEqual(before);
  });

  it("a shift that keeps every format (Body absorbs an optional neighbour) keeps the MessageSid, so nothing runs twice", async () => {
    // Body sorts right before ChannelMetadata (optional, unused): the one
    // boundary a forger can move without breaking a format we check.
    const original = { ...captured(), ChannelMetadata: '{"type":"whatsapp"}' };
    const signature = signatureOf(original);
    const first = await post(original, signature);
    expect(first.status).toBe(200);
    const reply = await first.text();
    const turnsBefore = (await turns()).rows[0].n;
    const rowsBefore = await env.countRows();

    const forged = shift(original, "Body", "ChannelMetadata");
    expect(signatureOf(forged)).toBe(signature);
    const replayed = await post(forged, signature);
    expect(replayed.status).toBe(200);
    expect(await replayed.text()).toBe(reply);
    expect((await turns()).rows[0].n).toBe(turnsBefore);
    expect(await env.countRows()).toEqual(rowsBefore);
  });

  it("a name we read, posted twice, is refused", async () => {
    const params = captured();
    const body = `${new URLSearchParams(params).toString()}&MessageSid=SM${randomBytes(16).toString("hex")}`;
    const res = await POST(
      new Request(`http://127.0.0.1:3000${PATH}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signatureOf(params) },
        body,
      }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe("MessageSid");
  });

  it("a correctly signed post from another Twilio account than the tenant's is refused", async () => {
    const params = { ...captured(), AccountSid: "AC" + randomBytes(16).toString("hex") };
    const before = await env.countRows();
    const res = await post(params, signatureOf(params));
    expect(res.status).toBe(403);
    expect((await res.json()).error.field).toBe("AccountSid");
    expect(await env.countRows()).toEqual(before);
  });

  it.each([
    ["Body", "Bon\u0000jour"],
    ["ProfileName", "Léa\u0000"],
    ["MessageSid", "SM\u0000" + "0".repeat(31)],
  ])("a signed %s with NUL is a 400 before anything is stored", async (name, value) => {
    const params = { ...captured(), [name]: value };
    const before = await env.countRows();
    const res = await post(params, signatureOf(params));
    expect(res.status).toBe(400);
    expect(await env.countRows()).toEqual(before);
  });
});
