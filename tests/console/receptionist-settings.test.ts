import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";

/*
 * What an owner sets in the console for the receptionist to say, through the
 * real route handlers, then heard by a caller through the real web chat
 * route: service names per caller language, prices with their currency, the
 * directions, and the emergency number that overrides the region's.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
let routes: Record<string, Record<string, Handler>>;
let chatPost: (request: Request) => Promise<Response>;
let cleaningId: string;

beforeAll(async () => {
  r = await setUpConsoleRoles("receptionist-settings", { members: ["viewer"] });
  env = r.env;
  routes = {
    business: (await import("@/app/api/settings/business/route")) as never,
    service: (await import("@/app/api/settings/services/[id]/route")) as never,
  };
  ({ POST: chatPost } = await import("@/app/api/v1/chat/route"));
  const rows = await env.admin.query(`SELECT id FROM services WHERE tenant_id = $1 AND name = 'Cleaning'`, [env.tenants["maple-dental"].id]);
  cleaningId = rows.rows[0].id;
}, 120_000);

afterAll(async () => {
  await env?.close();
});

function send(who: Who, route: string, method: string, body?: unknown, params: Record<string, string> = {}) {
  return r.send(who, routes[route]![method]!, method, { body, params });
}

/** One message from a new caller on Maple Dental's widget; the reply. */
async function ask(message: string, locale?: "fr" | "en"): Promise<string> {
  const res = await chatPost(
    new Request("http://127.0.0.1:3000/api/v1/chat", {
      method: "POST",
      headers: { "content-type": "application/json", "x-tenant-key": env.tenants["maple-dental"].widgetKey },
      body: JSON.stringify({ message, ...(locale ? { locale } : {}) }),
    }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { reply: string }).reply;
}

const cleaning = { name: "Cleaning", synonyms: ["hygiene", "teeth cleaning", "nettoyage"], durationMinutes: 45, bufferMinutes: 0, price: 150, active: true };
const business = { businessName: "Maple Dental", address: "200 King St W, Toronto, ON M5H 3T4", timezone: "America/Toronto", languages: ["en", "fr"], transferPhone: "+14165550100" };

async function expectRefused(route: string, method: string, body: unknown, field: string, params?: Record<string, string>) {
  const before = await env.countRows();
  const res = await send("owner", route, method, body, params);
  expect(res.status, JSON.stringify(res.json)).toBe(400);
  expect(res.json.error?.field).toBe(field);
  expect(await env.countRows()).toEqual(before);
}

describe("service names per language and prices with their currency", () => {
  it.each([
    [{ ...cleaning, names: { en: "x".repeat(81) } }, "names.en"],
    [{ ...cleaning, names: { de: "Reinigung" } }, "names"],
    [{ ...cleaning, currency: "XYZ" }, "currency"],
  ])("refuses %j naming the field", async (body, field) => {
    await expectRefused("service", "PATCH", body, field, { id: cleaningId });
  });

  it("stores the names and the currency, and the next caller hears them", async () => {
    const res = await send("owner", "service", "PATCH", { ...cleaning, price: 160, currency: "USD", names: { fr: "Nettoyage complet", en: "" } }, { id: cleaningId });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const row = await env.admin.query(`SELECT localized_names, price_cents, currency FROM services WHERE id = $1`, [cleaningId]);
    expect(row.rows[0]).toEqual({ localized_names: { fr: "Nettoyage complet" }, price_cents: 16000, currency: "USD" });

    expect(await ask("Bonjour, combien coûte un nettoyage ?", "fr")).toBe("Pour Nettoyage complet, le tarif est de 160 USD. Souhaitez-vous prendre rendez-vous ?");
    expect(await ask("How much is a cleaning?", "en")).toBe("Cleaning costs 160 USD. Would you like to book?");
  });

  it("keeps the stored names and currency when a save leaves them out", async () => {
    const res = await send("owner", "service", "PATCH", { ...cleaning, price: 170 }, { id: cleaningId });
    expect(res.status).toBe(200);
    const row = await env.admin.query(`SELECT localized_names, price_cents, currency FROM services WHERE id = $1`, [cleaningId]);
    expect(row.rows[0]).toEqual({ localized_names: { fr: "Nettoyage complet" }, price_cents: 17000, currency: "USD" });
  });

  it("lets a viewer change nothing", async () => {
    const res = await send("viewer", "service", "PATCH", { ...cleaning, names: { en: "Polish" } }, { id: cleaningId });
    expect(res.status).toBe(403);
  });
});

describe("directions and the emergency number", () => {
  it("refuses an emergency number that is not one, naming the field", async () => {
    await expectRefused("business", "PATCH", { ...business, emergencyNumber: "call 911" }, "emergencyNumber");
    await expectRefused("business", "PATCH", { ...business, directions: "d".repeat(501) }, "directions");
  });

  it("says the tenant's own number in an emergency, the region's once it is cleared", async () => {
    expect(await ask("my husband has chest pain and can't breathe")).toMatch(/call 911 right now/);
    const saved = await send("owner", "business", "PATCH", { ...business, emergencyNumber: "811", directions: "Entrance on York Street, 4th floor." });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(await ask("my husband has chest pain and can't breathe")).toMatch(/call 811 right now/);
    expect(await ask("how do I get there?")).toBe("Maple Dental is at 200 King St W, Toronto, ON M5H 3T4. Entrance on York Street, 4th floor.");

    // Left out, both stay; empty, the number goes back to the region's.
    expect((await send("owner", "business", "PATCH", business)).status).toBe(200);
    expect(await ask("how do I get there?")).toMatch(/Entrance on York Street/);
    expect((await send("owner", "business", "PATCH", { ...business, emergencyNumber: "" })).status).toBe(200);
    expect(await ask("emergency! my son is unconscious")).toMatch(/call 911 right now/);
    const row = await env.admin.query(`SELECT emergency_number FROM business_profiles WHERE tenant_id = $1`, [env.tenants["maple-dental"].id]);
    expect(row.rows[0].emergency_number).toBeNull();
  });
});
