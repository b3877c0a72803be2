import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";

/*
 * The Provider keys page's Test buttons through their real route, each
 * going through the provider's own client (twilio, @vapi-ai/server-sdk,
 * openai) to a local stand-in that checks the credentials as the provider
 * would and answers with the provider's JSON: a right key reads the account,
 * lists the numbers or the models; a wrong one is "rejected"; no key is
 * "missing"; the response never carries a key; viewers may not test.
 */

const SID = `AC${"0123456789abcdef".repeat(2)}`;
const TOKEN = "stand1n7wilioT0kenAbcdef";
const VAPI_KEY = "vapi-standin-key-123456";
const OPENAI_KEY = "sk-standin-key-abcdef123456";

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
let standIn: http.Server;
let base = "";
const routes: Record<string, Record<string, Handler>> = {};

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  standIn = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? "";
    if (req.url === `/2010-04-01/Accounts/${SID}.json`) {
      if (auth !== `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`) return json(res, 401, { code: 20003, message: "Authenticate", status: 401 });
      return json(res, 200, { sid: SID, friendly_name: "Maple Dental Twilio", status: "active", type: "Full", date_created: "Mon, 01 Jan 2029 00:00:00 +0000" });
    }
    if (req.url === "/phone-number") {
      if (auth !== `Bearer ${VAPI_KEY}`) return json(res, 401, { message: "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.", error: "Unauthorized", statusCode: 401 });
      return json(res, 200, [{ id: "pn_1", orgId: "org_1", provider: "vapi", number: "+14165550100", createdAt: "2029-01-01T00:00:00.000Z", updatedAt: "2029-01-01T00:00:00.000Z" }]);
    }
    if (req.url === "/v1/models") {
      if (auth !== `Bearer ${OPENAI_KEY}`) return json(res, 401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
      return json(res, 200, { object: "list", data: ["gpt-4o-mini", "gpt-4o"].map((id) => ({ id, object: "model", created: 1700000000, owned_by: "openai" })) });
    }
    json(res, 404, { error: "not found" });
  });
  await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
  process.env.TWILIO_API_URL = base;
  process.env.VAPI_API_URL = base;
  process.env.MODEL_ALLOW_PRIVATE_HOSTS = "1";
  r = await setUpConsoleRoles("provider-tests", { members: ["viewer"] });
  env = r.env;
  routes.key = (await import("@/app/api/settings/provider-keys/[provider]/[name]/route")) as never;
  routes.test = (await import("@/app/api/settings/provider-tests/[provider]/route")) as never;
}, 120_000);

afterAll(async () => {
  await env?.close();
  await new Promise((resolve) => standIn?.close(resolve));
  delete process.env.TWILIO_API_URL;
  delete process.env.VAPI_API_URL;
});

const save = async (provider: string, name: string, value: string) => {
  const res = await r.send("owner", routes.key!.PUT!, "PUT", { body: { value }, params: { provider, name } });
  expect(res.status, res.text).toBe(200);
};
const test = (provider: string, who: "owner" | "viewer" = "owner") => r.send(who, routes.test!.POST!, "POST", { params: { provider } });

it("says what is missing before any key is stored", async () => {
  // maple-dental's seeded Twilio token is there, its SID is not.
  expect((await test("twilio")).json).toEqual({ ok: false, provider: "twilio", reason: "missing" });
  expect((await test("vapi")).json).toEqual({ ok: false, provider: "vapi", reason: "missing" });
  expect((await test("openai")).json).toEqual({ ok: false, provider: "openai", reason: "missing" });
});

it("reads the Twilio account, lists Vapi's numbers and the model's list through each provider's client", async () => {
  await save("twilio", "account_sid", SID);
  await save("twilio", "auth_token", TOKEN);
  await save("vapi", "api_key", VAPI_KEY);
  await save("openai", "api_key", OPENAI_KEY);
  await save("openai", "base_url", `${base}/v1`);
  const twilio = await test("twilio");
  expect(twilio.json).toEqual({ ok: true, provider: "twilio", account: { name: "Maple Dental Twilio", status: "active" } });
  expect((await test("vapi")).json).toEqual({ ok: true, provider: "vapi", numbers: ["+14165550100"] });
  expect((await test("openai")).json).toEqual({ ok: true, provider: "openai", models: 2, model: "gpt-4o-mini", hasModel: true });
  for (const secret of [TOKEN, VAPI_KEY, OPENAI_KEY]) expect(twilio.text + JSON.stringify(await env.countRows())).not.toContain(secret);
});

it("says a key was rejected, and lets only managers test", async () => {
  await save("vapi", "api_key", "vapi-wrong-key-000000");
  await save("twilio", "auth_token", "wrongToken0123456789");
  expect((await test("vapi")).json).toMatchObject({ ok: false, reason: "rejected", status: 401 });
  expect((await test("twilio")).json).toMatchObject({ ok: false, reason: "rejected", status: 401 });
  expect((await test("twilio", "viewer")).status).toBe(403);
  const audited = await env.admin.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'settings.provider_key.tested'");
  expect(audited.rows[0].n).toBe(8);
});
