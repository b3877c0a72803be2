import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Sent, type Who } from "../support/console-roles-env";

/*
 * A number routed to a tenant is that tenant's on every channel. Claiming one
 * answers the same whether it is taken elsewhere or simply not the
 * claimant's, and with provider credentials stored it must be listed in the
 * tenant's own account, asked through the provider's client (the `twilio`
 * package, Vapi's REST API) of stand-in servers that answer with the
 * providers' JSON.
 */

let r: ConsoleRolesEnv;
let claimRoute: Handler;
let keyRoute: Handler;
let standIn: http.Server;

interface Seen {
  path: string;
  authorization: string | undefined;
}
const seen: Seen[] = [];
/** Numbers each provider account holds: Twilio by account SID, Vapi by API key. */
const twilioAccounts = new Map<string, { token: string; numbers: string[] }>();
const vapiAccounts = new Map<string, string[]>();

function twilioNumber(accountSid: string, phoneNumber: string) {
  const sid = "PN" + randomBytes(16).toString("hex");
  return {
    account_sid: accountSid,
    address_requirements: "none",
    address_sid: null,
    api_version: "2010-04-01",
    beta: false,
    capabilities: { voice: true, sms: true, mms: false, fax: false },
    date_created: "Mon, 02 Nov 2026 09:00:00 +0000",
    date_updated: "Mon, 02 Nov 2026 09:00:00 +0000",
    emergency_status: "Inactive",
    emergency_address_sid: null,
    friendly_name: phoneNumber,
    identity_sid: null,
    origin: "twilio",
    phone_number: phoneNumber,
    sid,
    sms_application_sid: "",
    sms_fallback_method: "POST",
    sms_fallback_url: "",
    sms_method: "POST",
    sms_url: "https://frontdesk.example/api/webhooks/whatsapp",
    status_callback: "",
    status_callback_method: "POST",
    trunk_sid: null,
    uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}.json`,
    voice_application_sid: "",
    voice_caller_id_lookup: false,
    voice_fallback_method: "POST",
    voice_fallback_url: null,
    voice_method: "POST",
    voice_url: null,
    bundle_sid: null,
    voice_receive_mode: "voice",
    status: "in-use",
    subresource_uris: { assigned_add_ons: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}/AssignedAddOns.json` },
  };
}

function serveStandIn(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? "/", "http://stand-in");
  seen.push({ path: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
  const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  const twilio = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/IncomingPhoneNumbers\.json$/.exec(url.pathname);
  if (twilio) {
    const [user, pass] = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString().split(":");
    const account = twilioAccounts.get(twilio[1]!);
    if (!account || user !== twilio[1] || pass !== account.token) {
      return json(401, { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
    }
    const wanted = url.searchParams.get("PhoneNumber");
    const numbers = account.numbers.filter((n) => !wanted || n === wanted).map((n) => twilioNumber(twilio[1]!, n));
    return json(200, {
      end: Math.max(0, numbers.length - 1),
      first_page_uri: `${url.pathname}?PageSize=50&Page=0`,
      incoming_phone_numbers: numbers,
      next_page_uri: null,
      page: 0,
      page_size: 50,
      previous_page_uri: null,
      start: 0,
      uri: `${url.pathname}${url.search}`,
    });
  }
  if (url.pathname === "/phone-number") {
    const numbers = vapiAccounts.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
    if (!numbers) return json(401, { message: "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.", error: "Unauthorized", statusCode: 401 });
    return json(
      200,
      numbers.map((number, i) => ({
        id: `5d6e7f80-aaaa-bbbb-cccc-00000000000${i}`,
        orgId: "8f0a1c1e-3b0e-4e4c-9d3e-1f2a3b4c5d6e",
        provider: "twilio",
        number,
        name: "Main line",
        status: "active",
        twilioAccountSid: "AC" + "0".repeat(32),
        createdAt: "2026-11-02T09:00:00.000Z",
        updatedAt: "2026-11-02T09:00:00.000Z",
      })),
    );
  }
  json(404, { message: "not found" });
}

beforeAll(async () => {
  r = await setUpConsoleRoles("numberclaims", { members: [] });
  claimRoute = (await import("@/app/api/settings/channels/numbers/route")).POST as never;
  keyRoute = (await import("@/app/api/settings/provider-keys/[provider]/[name]/route")).PUT as never;
  standIn = http.createServer(serveStandIn);
  await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
  process.env.TWILIO_API_BASE_URL = base;
  process.env.VAPI_API_URL = base;
}, 180_000);

afterAll(async () => {
  delete process.env.TWILIO_API_BASE_URL;
  delete process.env.VAPI_API_URL;
  await new Promise((resolve) => standIn?.close(resolve));
  await r?.env.close();
});

const maple = () => r.env.tenants["maple-dental"];
const dupont = () => r.env.tenants["cabinet-dupont"];
const claim = (who: Who, channel: "voice" | "whatsapp", number: string) => r.send(who, claimRoute, "POST", { body: { channel, number } });
const storeKey = async (who: Who, provider: string, name: string, value: string) => {
  const res = await r.send(who, keyRoute, "PUT", { params: { provider, name }, body: { value } });
  expect(res.status, res.text).toBe(200);
};
const routesOf = async (number: string) =>
  (await r.env.admin.query(`SELECT tenant_id, channel FROM channel_routes WHERE key = $1 ORDER BY channel`, [number])).rows;

function expectUnavailable(res: Sent) {
  expect(res.status, res.text).toBe(409);
  expect(res.json.error).toMatchObject({ code: "conflict", field: "number" });
  expect(res.json.error?.message).toMatch(/cannot be connected to this workspace/);
  expect(res.text).not.toMatch(/maple|dupont|amel|another/i);
}

describe("a number belongs to one tenant on every channel", () => {
  it("another tenant cannot claim a routed number on the channel its owner has not used", async () => {
    // maple routes its voice number but not (yet) on WhatsApp; dupont has no Twilio SID stored.
    const before = await r.env.countRows();
    expectUnavailable(await claim("dupont", "whatsapp", maple().voiceNumber));
    expect(await r.env.countRows()).toEqual(before);
    expect(await routesOf(maple().voiceNumber)).toEqual([{ tenant_id: maple().id, channel: "voice" }]);
  });

  it("its own tenant may add it on the other channel", async () => {
    const res = await claim("owner", "whatsapp", maple().voiceNumber);
    expect(res.status, res.text).toBe(201);
    expect(await routesOf(maple().voiceNumber)).toEqual([
      { tenant_id: maple().id, channel: "voice" },
      { tenant_id: maple().id, channel: "whatsapp" },
    ]);
  });

  it("two tenants claiming one new number on different channels at once: exactly one gets it", async () => {
    const number = "+14165550166";
    const [a, b] = await Promise.all([claim("owner", "voice", number), claim("dupont", "whatsapp", number)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expectUnavailable(a.status === 409 ? a : b);
    expect(new Set((await routesOf(number)).map((row) => row.tenant_id)).size).toBe(1);
  });
});

describe("proof through the tenant's own provider account", () => {
  it("with Twilio credentials stored, a WhatsApp number must be listed in that account; unlisted and taken answer alike", async () => {
    const sid = "AC" + randomBytes(16).toString("hex");
    twilioAccounts.set(sid, { token: dupont().twilioToken, numbers: ["+41225550177"] });
    await storeKey("dupont", "twilio", "account_sid", sid);

    seen.length = 0;
    const unlisted = await claim("dupont", "whatsapp", "+41225550188");
    const takenElsewhere = await claim("dupont", "whatsapp", maple().voiceNumber);
    expectUnavailable(unlisted);
    expectUnavailable(takenElsewhere);
    expect(takenElsewhere.json).toEqual(unlisted.json);
    // Asked through the twilio client, with the tenant's own SID and token, for that number.
    expect(seen[0]!.path).toBe(`/2010-04-01/Accounts/${sid}/IncomingPhoneNumbers.json?PhoneNumber=%2B41225550188&PageSize=50`);
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from(`${sid}:${dupont().twilioToken}`).toString("base64")}`);

    const listed = await claim("dupont", "whatsapp", "+41225550177");
    expect(listed.status, listed.text).toBe(201);
    expect(await routesOf("+41225550177")).toEqual([{ tenant_id: dupont().id, channel: "whatsapp" }]);
  });

  it("with a Vapi API key stored, a phone number must be listed in that Vapi account", async () => {
    const apiKey = "vapi-" + randomBytes(12).toString("hex");
    vapiAccounts.set(apiKey, ["+14165550190"]);
    await storeKey("owner", "vapi", "api_key", apiKey);

    const before = await r.env.countRows();
    const unlisted = await claim("owner", "voice", "+14165550191");
    expectUnavailable(unlisted);
    const takenElsewhere = await claim("owner", "voice", dupont().voiceNumber);
    expect(takenElsewhere.json).toEqual(unlisted.json);
    expect(await r.env.countRows()).toEqual(before);

    const listed = await claim("owner", "voice", "+14165550190");
    expect(listed.status, listed.text).toBe(201);
    expect(seen.at(-1)!.authorization).toBe(`Bearer ${apiKey}`);
  });

  it("credentials the provider refuses are said so, and nothing is claimed", async () => {
    await storeKey("owner", "vapi", "api_key", "vapi-revoked-" + randomBytes(8).toString("hex"));
    const before = await r.env.countRows();
    const res = await claim("owner", "voice", "+14165550192");
    expect(res.status).toBe(409);
    expect(res.json.error?.message).toMatch(/Vapi refused the stored credentials/);
    expect(await r.env.countRows()).toEqual(before);
  });
});
