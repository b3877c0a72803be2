import { afterAll, beforeAll, expect, it } from "vitest";
import { contrastRatio } from "@/lib/settings/widget-appearance";
import { setUpChannelTest, type ChannelTestEnv } from "./channel-test-env";

/*
 * POST /api/v1/widget: what the embedded widget fetches on load. The look set
 * on the Receptionist page (with its defaults), the persona's name and the
 * greeting in each language, under the same key and origin rules as the chat;
 * a text colour that stays readable on any chosen colour.
 */

let env: ChannelTestEnv;
let POST: (request: Request) => Promise<Response>;

beforeAll(async () => {
  env = await setUpChannelTest("widget-config");
  ({ POST } = await import("@/app/api/v1/widget/route"));
});
afterAll(async () => {
  await env?.close();
});

const ask = (key: string | undefined, origin?: string) =>
  POST(
    new Request("http://127.0.0.1:3000/api/v1/widget", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { "x-tenant-key": key } : {}), ...(origin ? { origin } : {}) },
      body: "{}",
    }),
  );

it("gives the defaults: the business as title, the persona's initial, the greetings", async () => {
  const res = await ask(env.tenants["cabinet-dupont"].widgetKey);
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({
    serving: true,
    personaName: "Camille",
    appearance: { color: "#0c665f", textColor: "#ffffff", avatar: "C", position: "right" },
    greeting: { fr: expect.stringContaining("Camille"), en: expect.stringContaining("Camille") },
  });
  expect(body.appearance.title.length).toBeGreaterThan(2);
});

it("follows what was saved, with a readable text colour on a light choice", async () => {
  const tenant = env.tenants["maple-dental"];
  await env.admin.query(`UPDATE business_profiles SET widget = $2 WHERE tenant_id = $1`, [tenant.id, { color: "#ffd54f", title: "Ask Maple", avatar: "md", position: "left" }]);
  const body = await (await ask(tenant.widgetKey)).json();
  expect(body.appearance).toEqual({ color: "#ffd54f", textColor: "#111111", title: "Ask Maple", avatar: "MD", position: "left" });
  expect(contrastRatio(body.appearance.color, body.appearance.textColor)).toBeGreaterThanOrEqual(4.5);
});

it("refuses a missing key and a page on an origin the key does not allow", async () => {
  expect((await ask(undefined)).status).toBe(401);
  expect((await ask(env.tenants["maple-dental"].widgetKey, "https://evil.example")).status).toBe(403);
});
