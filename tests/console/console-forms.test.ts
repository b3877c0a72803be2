import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";

/*
 * The console's route handlers, called for real (session cookie, tenant host,
 * role check, zod, database with row-level security): bad input is a 400
 * naming the field and writes nothing; good input writes and is audited
 * (never with a secret value); viewers get 403; a number routed to another
 * tenant is a 409 that names nobody.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
let routes: Record<string, Record<string, Handler>>;

beforeAll(async () => {
  r = await setUpConsoleRoles("console", { members: ["viewer"] });
  env = r.env;

  routes = {
    business: (await import("@/app/api/settings/business/route")) as never,
    hours: (await import("@/app/api/settings/hours/route")) as never,
    closures: (await import("@/app/api/settings/closures/route")) as never,
    services: (await import("@/app/api/settings/services/route")) as never,
    service: (await import("@/app/api/settings/services/[id]/route")) as never,
    numbers: (await import("@/app/api/settings/channels/numbers/route")) as never,
    widgetKeys: (await import("@/app/api/settings/channels/widget-keys/route")) as never,
    widgetKey: (await import("@/app/api/settings/channels/widget-keys/[id]/route")) as never,
    providerKey: (await import("@/app/api/settings/provider-keys/[provider]/[name]/route")) as never,
  };
}, 120_000);

afterAll(async () => {
  await env?.close();
});

function send(who: Who, route: string, method: string, body?: unknown, params: Record<string, string> = {}) {
  return r.send(who, routes[route]![method]!, method, { body, params });
}

/** Sends bad input and checks: 400, the field named, and not one row changed anywhere. */
async function expectRefused(route: string, method: string, body: unknown, field: string | undefined, params?: Record<string, string>) {
  const before = await env.countRows();
  const res = await send("owner", route, method, body, params);
  expect(res.status, JSON.stringify(res.json)).toBe(400);
  expect(res.json.error?.code).toBe("bad_request");
  if (field) expect(res.json.error?.field).toBe(field);
  expect(res.json.error?.message.length).toBeGreaterThan(5);
  expect(await env.countRows()).toEqual(before);
}

const validBusiness = { businessName: "Maple Dental", address: "1 King St W, Toronto", timezone: "America/Toronto", languages: ["en", "fr"], transferPhone: "(416) 555-0100" };
const validService = { name: "Deep cleaning", synonyms: ["scaling"], durationMinutes: 60, bufferMinutes: 10, price: 150, active: true };

describe("business profile", () => {
  it.each([
    [{ ...validBusiness, businessName: "x" }, "businessName"],
    [{ ...validBusiness, timezone: "Mars/Olympus" }, "timezone"],
    [{ ...validBusiness, languages: [] }, "languages"],
    [{ ...validBusiness, languages: ["de"] }, "languages.0"],
    [{ ...validBusiness, transferPhone: "12" }, "transferPhone"],
    [{ ...validBusiness, address: "a".repeat(301) }, "address"],
  ])("refuses %j naming the field", async (body, field) => {
    await expectRefused("business", "PATCH", body, field);
  });

  it("refuses a body that is not JSON", async () => {
    await expectRefused("business", "PATCH", "not json", undefined);
  });

  it("saves good input, normalises the phone to E.164, and audits", async () => {
    const res = await send("owner", "business", "PATCH", validBusiness);
    expect(res.status).toBe(200);
    const row = await env.admin.query(`SELECT transfer_phone, languages FROM business_profiles WHERE tenant_id = $1`, [env.tenants["maple-dental"].id]);
    expect(row.rows[0]).toEqual({ transfer_phone: "+14165550100", languages: ["en", "fr"] });
    const audit = await env.admin.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'settings.business.updated'`);
    expect(audit.rows[0].n).toBe(1);
  });
});

describe("opening hours and closures", () => {
  it.each([
    [{ hours: [{ weekday: 8, opens: "09:00", closes: "12:00" }] }, "hours.0.weekday"],
    [{ hours: [{ weekday: 1, opens: "9am", closes: "12:00" }] }, "hours.0.opens"],
    [{ hours: [{ weekday: 1, opens: "12:00", closes: "09:00" }] }, "hours.0.closes"],
    [{ hours: [{ weekday: 1, opens: "09:00", closes: "12:00" }, { weekday: 1, opens: "11:00", closes: "14:00" }] }, "hours.1.opens"],
    [{ hours: "monday" }, "hours"],
  ])("refuses %j naming the field", async (body, field) => {
    await expectRefused("hours", "PUT", body, field);
  });

  it.each([
    [{ startsOn: "2030-02-30", endsOn: "2030-03-01" }, "startsOn"],
    [{ startsOn: "2030-03-05", endsOn: "2030-03-01" }, "endsOn"],
    [{ startsOn: "2030-03-01", endsOn: "2030-03-02", reason: "r".repeat(201) }, "reason"],
  ])("closure %j is refused naming the field", async (body, field) => {
    await expectRefused("closures", "POST", body, field);
  });

  it("replaces the week with a lunch break", async () => {
    const res = await send("owner", "hours", "PUT", {
      hours: [
        { weekday: 1, opens: "08:30", closes: "12:00" },
        { weekday: 1, opens: "13:00", closes: "17:00" },
      ],
    });
    expect(res.status).toBe(200);
    const rows = await env.admin.query(`SELECT weekday, opens_at, closes_at FROM opening_hours WHERE tenant_id = $1 ORDER BY opens_at`, [
      env.tenants["maple-dental"].id,
    ]);
    expect(rows.rows).toEqual([
      { weekday: 1, opens_at: 510, closes_at: 720 },
      { weekday: 1, opens_at: 780, closes_at: 1020 },
    ]);
  });
});

describe("services", () => {
  it.each([
    [{ ...validService, name: "" }, "name"],
    [{ ...validService, durationMinutes: 0 }, "durationMinutes"],
    [{ ...validService, durationMinutes: null }, "durationMinutes"],
    [{ ...validService, durationMinutes: 12.5 }, "durationMinutes"],
    [{ ...validService, bufferMinutes: -5 }, "bufferMinutes"],
    [{ ...validService, price: -1 }, "price"],
    [{ ...validService, active: "yes" }, "active"],
    [{ ...validService, synonyms: "scaling" }, "synonyms"],
  ])("refuses %j naming the field", async (body, field) => {
    await expectRefused("services", "POST", body, field);
  });

  it("creates, refuses a duplicate name with 409 on the name, updates", async () => {
    const created = await send("owner", "services", "POST", validService);
    expect(created.status).toBe(201);
    const before = await env.countRows();
    const dup = await send("owner", "services", "POST", validService);
    expect(dup.status).toBe(409);
    expect(dup.json.error?.field).toBe("name");
    expect(await env.countRows()).toEqual(before);
    await expectRefused("service", "PATCH", { ...validService, durationMinutes: 1000 }, "durationMinutes", { id: created.json.id as string });
    const updated = await send("owner", "service", "PATCH", { ...validService, active: false }, { id: created.json.id as string });
    expect(updated.status).toBe(200);
    const row = await env.admin.query(`SELECT price_cents, currency, active FROM services WHERE id = $1`, [created.json.id]);
    expect(row.rows[0]).toEqual({ price_cents: 15000, currency: "CAD", active: false });
  });
});

describe("channels", () => {
  it.each([
    [{ channel: "sms", number: "+14165550150" }, "channel"],
    [{ channel: "whatsapp", number: "12" }, "number"],
    [{ channel: "whatsapp", number: "" }, "number"],
    [{ channel: "whatsapp", number: "+14165550150", label: "l".repeat(61) }, "label"],
  ])("claiming %j is refused naming the field", async (body, field) => {
    await expectRefused("numbers", "POST", body, field);
  });

  it.each([
    [{ label: "" }, "label"],
    [{ label: "Site", allowedOrigins: ["not a url"] }, "allowedOrigins.0"],
    [{ label: "Site", allowedOrigins: ["https://example.com/path"] }, "allowedOrigins.0"],
  ])("widget key %j is refused naming the field", async (body, field) => {
    await expectRefused("widgetKeys", "POST", body, field);
  });

  it("claims a local-format number in E.164; another tenant gets a 409 that names nobody", async () => {
    const claimed = await send("owner", "numbers", "POST", { channel: "whatsapp", number: "(416) 555-0150" });
    expect(claimed.status).toBe(201);
    expect(claimed.json.number).toBe("+14165550150");
    const before = await env.countRows();
    const taken = await send("dupont", "numbers", "POST", { channel: "whatsapp", number: "+1 416-555-0150" });
    expect(taken.status).toBe(409);
    expect(taken.json.error?.field).toBe("number");
    expect(JSON.stringify(taken.json)).not.toMatch(/maple|dental/i);
    expect(await env.countRows()).toEqual(before);
  });

  it("creates a widget key shown once and stored hashed; origins are validated on update; revoke", async () => {
    const created = await send("owner", "widgetKeys", "POST", { label: "Main site", allowedOrigins: ["https://maple.example/"] });
    expect(created.status).toBe(201);
    const key = created.json.key as string;
    const stored = await env.admin.query(`SELECT key, key_prefix, allowed_origins FROM channel_routes WHERE id = $1`, [created.json.id]);
    expect(stored.rows[0].key).not.toBe(key);
    expect(stored.rows[0].key_prefix).toBe(key.slice(0, 12));
    expect(stored.rows[0].allowed_origins).toEqual(["https://maple.example"]);
    await expectRefused("widgetKey", "PATCH", { allowedOrigins: ["ftp://x"] }, "allowedOrigins.0", { id: created.json.id as string });
    expect((await send("owner", "widgetKey", "DELETE", undefined, { id: created.json.id as string })).status).toBe(204);
    const audit = await env.admin.query(`SELECT metadata FROM audit_events WHERE action LIKE 'channel.widget_key.%'`);
    expect(JSON.stringify(audit.rows)).not.toContain(key);
  });
});

describe("provider keys", () => {
  it.each([
    ["twilio", "auth_token", { value: "" }, "value"],
    ["twilio", "auth_token", { value: "has spaces in it!" }, "value"],
    ["twilio", "account_sid", { value: "SK123" }, "value"],
    ["openai", "base_url", { value: "not-a-url" }, "value"],
    // A model base URL the server would call must not reach our own network.
    ["openai", "base_url", { value: "http://api.example.com/v1" }, "value"],
    ["openai", "base_url", { value: "https://127.0.0.1:8080/v1" }, "value"],
    ["openai", "base_url", { value: "https://169.254.169.254/latest" }, "value"],
    ["openai", "base_url", { value: "https://10.1.2.3/v1" }, "value"],
    ["openai", "base_url", { value: "https://[::1]/v1" }, "value"],
    ["google", "service_account_json", { value: "{\"type\":\"service_account\"}" }, "value"],
  ])("%s/%s %j is refused naming the field", async (provider, name, body, field) => {
    await expectRefused("providerKey", "PUT", body, field, { provider, name });
  });

  it("an unknown key is a 404", async () => {
    const res = await send("owner", "providerKey", "PUT", { value: "abcdefgh12345678" }, { provider: "stripe", name: "secret" });
    expect(res.status).toBe(404);
  });

  it("saves, answers only the last 4 characters, logs and audits no value", async () => {
    const token = "f00dfeedf00dfeedf00dfeed1234abcd";
    const logs: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(" "))),
    );
    try {
      const res = await send("owner", "providerKey", "PUT", { value: token }, { provider: "twilio", name: "auth_token" });
      expect(res.status).toBe(200);
      expect(res.json.last4).toBe("abcd");
      expect(JSON.stringify(res.json)).not.toContain(token);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(logs.join("\n")).not.toContain(token);
    const audit = await env.admin.query(`SELECT action, target, metadata FROM audit_events WHERE target = 'twilio/auth_token' ORDER BY created_at DESC LIMIT 1`);
    expect(audit.rows[0]).toMatchObject({ action: "secret.saved", target: "twilio/auth_token" });
    expect(JSON.stringify(audit.rows)).not.toContain(token);
  });
});

describe("viewers", () => {
  it.each([
    ["business", "PATCH", validBusiness, {}],
    ["hours", "PUT", { hours: [] }, {}],
    ["closures", "POST", { startsOn: "2030-01-01", endsOn: "2030-01-02" }, {}],
    ["services", "POST", { ...validService, name: "Viewer service" }, {}],
    ["numbers", "POST", { channel: "voice", number: "+14165550177" }, {}],
    ["widgetKeys", "POST", { label: "Viewer key" }, {}],
    ["providerKey", "PUT", { value: "0123456789abcdef0123" }, { provider: "twilio", name: "auth_token" }],
    ["providerKey", "DELETE", undefined, { provider: "twilio", name: "auth_token" }],
  ])("%s %s is refused with 403 and writes nothing", async (route, method, body, params) => {
    const before = await env.countRows();
    const res = await send("viewer", route, method, body, params);
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe("forbidden");
    expect(await env.countRows()).toEqual(before);
  });
});
