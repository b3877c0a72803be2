import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isoWithOffset } from "@/lib/booking";
import { generateWidgetKey } from "@/lib/channels/widget-key";
import { chatDeltaSchema, chatResponseSchema } from "@/lib/channels/web-chat-contract";
import { setUpChannelTest, type ChannelTestEnv } from "./channel-test-env";

/*
 * The public web chat contract, POST /api/v1/chat with X-Tenant-Key, as JSON
 * and as server-sent events; its refusals; and CORS limited to the key's
 * allowed origins.
 */

let env: ChannelTestEnv;
let POST: (request: Request) => Promise<Response>;
let OPTIONS: (request: Request) => Promise<Response>;
let GET_WIDGET: () => Response | Promise<Response>;

const URL_ = "http://127.0.0.1:3000/api/v1/chat";

beforeAll(async () => {
  env = await setUpChannelTest("webchat");
  ({ POST, OPTIONS } = await import("@/app/api/v1/chat/route"));
  ({ GET: GET_WIDGET } = await import("@/app/widget.js/route"));
});

afterAll(async () => {
  await env?.close();
});

const dupont = () => env.tenants["cabinet-dupont"];
const maple = () => env.tenants["maple-dental"];

function chat(body: unknown, headers: Record<string, string | undefined>): Promise<Response> {
  const h: Record<string, string> = { "content-type": "application/json" };
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k] = v;
  return POST(new Request(URL_, { method: "POST", headers: h, body: typeof body === "string" ? body : JSON.stringify(body) }));
}

interface Frame {
  event: string;
  data: unknown;
}

async function frames(res: Response): Promise<Frame[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))!.slice(7);
      const data = JSON.parse(lines.find((l) => l.startsWith("data: "))!.slice(6));
      return { event, data };
    });
}

/** A response body must satisfy the published contract exactly. */
function expectContract(body: unknown) {
  const parsed = chatResponseSchema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
}

describe("contract", () => {
  it("answers JSON and keeps the conversation across turns", async () => {
    const res = await chat({ message: "Bonjour, où êtes-vous situés ?", locale: "fr" }, { "x-tenant-key": dupont().widgetKey });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const first = await res.json();
    expectContract(first);

    const stored = await env.admin.query(`SELECT tenant_id, channel FROM conversations WHERE id = $1`, [first.conversationId]);
    expect(stored.rows).toEqual([{ tenant_id: dupont().id, channel: "web" }]);

    const next = await chat(
      { conversationId: first.conversationId, message: "Acceptez-vous les nouveaux patients ?", client: { name: "Léa Martin", email: "lea@example.com", phone: "079 123 45 67" } },
      { "x-tenant-key": dupont().widgetKey },
    );
    expect(next.status).toBe(200);
    const second = await next.json();
    expectContract(second);
    expect(second.conversationId).toBe(first.conversationId);
    const messages = await env.admin.query(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1`, [first.conversationId]);
    expect(messages.rows[0].n).toBeGreaterThanOrEqual(4);
  });

  it("streams the same turn as server-sent events: deltas, then done with the JSON", async () => {
    const res = await chat({ message: "What are your opening hours?", locale: "en" }, { "x-tenant-key": maple().widgetKey, accept: "text/event-stream" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const all = await frames(res);
    const deltas = all.filter((f) => f.event === "delta");
    const done = all.filter((f) => f.event === "done");
    expect(deltas.length).toBeGreaterThan(0);
    expect(done).toHaveLength(1);
    expect(all.at(-1)!.event).toBe("done");
    const body = done[0]!.data;
    expectContract(body);
    expect(deltas.map((d) => chatDeltaSchema.parse(d.data).text).join("")).toBe(chatResponseSchema.parse(body).reply);
  });
});

describe("booking through the chat", () => {
  it("returns the appointment the turn booked, at the tenant's UTC offset, and stores it", async () => {
    const key = { "x-tenant-key": dupont().widgetKey };
    const first = await (
      await chat({ message: "Bonjour, je voudrais une consultation mardi prochain à 10h", client: { name: "Léa Martin", phone: "079 123 45 67" } }, key)
    ).json();
    expect(first.appointment).toBeNull();
    const done = await (await chat({ conversationId: first.conversationId, message: "oui" }, key)).json();
    expectContract(done);
    expect(done.appointment).toMatchObject({ service: "Consultation", status: "booked" });

    const row = (
      await env.admin.query(
        `SELECT a.tenant_id, a.starts_at, a.ends_at, a.status, c.phone FROM appointments a JOIN clients c ON c.tenant_id = a.tenant_id AND c.id = a.client_id WHERE a.id = $1`,
        [done.appointment.id],
      )
    ).rows[0];
    expect(row).toMatchObject({ tenant_id: dupont().id, status: "booked", phone: "+41791234567" });
    expect(done.appointment.startsAt).toBe(isoWithOffset(row.starts_at, "Europe/Zurich"));
    expect(Date.parse(done.appointment.startsAt)).toBe(row.starts_at.getTime());
    expect(done.appointment.startsAt).toMatch(/T10:00:00\+0[12]:00$/);
  });
});

describe("refusals write nothing", () => {
  it("401 for a missing, malformed, unknown or revoked key", async () => {
    const revoked = generateWidgetKey();
    await env.admin.query(
      `INSERT INTO channel_routes (tenant_id, channel, key, key_prefix, label, allowed_origins, revoked_at, active)
       VALUES ($1, 'web', $2, $3, 'old', '{}', now(), false)`,
      [dupont().id, revoked.hash, revoked.prefix],
    );
    const before = await env.countRows();
    for (const key of [undefined, "", "not-a-key", generateWidgetKey().key, revoked.key]) {
      const res = await chat({ message: "Bonjour" }, { "x-tenant-key": key });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    expect(await env.countRows()).toEqual(before);
  });

  it("400 naming the field for a bad body", async () => {
    const before = await env.countRows();
    const cases: Array<[unknown, string | undefined]> = [
      [{}, "message"],
      [{ message: "" }, "message"],
      [{ message: "   " }, "message"],
      [{ message: "x".repeat(2001) }, "message"],
      [{ message: 42 }, "message"],
      [{ message: "Hi", locale: "de" }, "locale"],
      [{ message: "Hi", conversationId: 12 }, "conversationId"],
      [{ message: "Hi", client: { email: "not-an-email" } }, "client.email"],
      [{ message: "Hi", client: { phone: "abc" } }, "client.phone"],
      ["{not json", undefined],
    ];
    for (const [body, field] of cases) {
      const res = await chat(body, { "x-tenant-key": dupont().widgetKey });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()).error;
      expect(err.code).toBe("bad_request");
      expect(err.field).toBe(field);
    }
    expect((await chat({ message: "x".repeat(2000) }, { "x-tenant-key": dupont().widgetKey })).status).toBe(200);
    const after = await env.countRows();
    // Only the one valid 2000-character message wrote anything.
    expect(after.conversations).toBe(before.conversations! + 1);
  });

  it("tenant A's key cannot read or continue tenant B's conversation", async () => {
    const b = await (await chat({ message: "I'd like a cleaning", locale: "en" }, { "x-tenant-key": maple().widgetKey })).json();
    const before = await env.countRows();
    const bMessages = await env.admin.query(`SELECT id, content FROM messages WHERE conversation_id = $1 ORDER BY id`, [b.conversationId]);

    for (const conversationId of [b.conversationId, b.conversationId.toUpperCase(), "00000000-0000-0000-0000-000000000000", "nope"]) {
      const res = await chat({ conversationId, message: "Cancel my appointment" }, { "x-tenant-key": dupont().widgetKey, accept: "text/event-stream" });
      expect(res.status).toBe(404);
      expect((await res.json()).error).toMatchObject({ code: "not_found", field: "conversationId" });
    }
    expect(await env.countRows()).toEqual(before);
    expect((await env.admin.query(`SELECT id, content FROM messages WHERE conversation_id = $1 ORDER BY id`, [b.conversationId])).rows).toEqual(
      bMessages.rows,
    );
    // B's own key still continues it.
    expect((await chat({ conversationId: b.conversationId, message: "Thanks" }, { "x-tenant-key": maple().widgetKey })).status).toBe(200);
  });

  it("tenant A's key cannot cancel tenant B's appointment, even naming B's client", async () => {
    const bKey = { "x-tenant-key": maple().widgetKey };
    const booked = await (
      await chat({ message: "Hi, I'd like a checkup next Wednesday at 2pm", client: { name: "Sam Lee", phone: "+14165550199" } }, bKey)
    ).json();
    const confirmed = await (await chat({ conversationId: booked.conversationId, message: "yes" }, bKey)).json();
    expect(confirmed.appointment).toMatchObject({ status: "booked" });
    const bRows = () => env.admin.query(`SELECT id, status, starts_at FROM appointments WHERE tenant_id = $1 ORDER BY id`, [maple().id]);
    const before = (await bRows()).rows;

    const aKey = { "x-tenant-key": dupont().widgetKey };
    const attempt = await (
      await chat({ message: "I want to cancel my appointment", locale: "en", client: { name: "Sam Lee", phone: "+14165550199" } }, aKey)
    ).json();
    expect(attempt.appointment).toBeNull();
    const followUp = await (await chat({ conversationId: attempt.conversationId, message: "yes" }, aKey)).json();
    expect(followUp.appointment).toBeNull();
    expect((await bRows()).rows).toEqual(before);
  });

  it("a suspended tenant's visitor gets the polite reply in their language, and nothing is stored", async () => {
    await env.admin.query(`UPDATE tenants SET status = 'suspended' WHERE id = $1`, [maple().id]);
    try {
      const before = await env.countRows();
      const res = await chat({ message: "Hello, I would like an appointment", locale: "en" }, { "x-tenant-key": maple().widgetKey });
      expect(res.status).toBe(200);
      const body = chatResponseSchema.parse(await res.json());
      expect(body.conversationId).toBeNull();
      expect(body.reply).toMatch(/Maple Dental cannot answer online/);
      expect(await env.countRows()).toEqual(before);
    } finally {
      await env.admin.query(`UPDATE tenants SET status = 'active' WHERE id = $1`, [maple().id]);
    }
  });
});

describe("CORS", () => {
  const allowed = () => `http://${dupont().slug}.localhost:3000`;

  it("echoes an allowed origin, refuses any other with 403 before writing", async () => {
    const ok = await chat({ message: "Bonjour" }, { "x-tenant-key": dupont().widgetKey, origin: allowed() });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(allowed());
    expect(ok.headers.get("vary")).toMatch(/Origin/);

    const bad = await chat({ message: "" }, { "x-tenant-key": dupont().widgetKey, origin: allowed() });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("access-control-allow-origin")).toBe(allowed());

    const before = await env.countRows();
    for (const origin of ["https://evil.example", `http://${maple().slug}.localhost:3000`, "null"]) {
      const res = await chat({ message: "Bonjour" }, { "x-tenant-key": dupont().widgetKey, origin });
      expect(res.status).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
    expect(await env.countRows()).toEqual(before);

    // The app's own pages (the demo page) call it same-origin, whatever the list says.
    const own = await chat({ message: "Bonjour" }, { "x-tenant-key": dupont().widgetKey, origin: "https://app.frontdesk.example", host: "app.frontdesk.example" });
    expect(own.status).toBe(200);

    const server = await chat({ message: "Bonjour" }, { "x-tenant-key": dupont().widgetKey });
    expect(server.status).toBe(200);
    expect(server.headers.get("access-control-allow-origin")).toBeNull();
  });

  const preflight = (origin: string | null, method = "POST", headers = "content-type,x-tenant-key") => {
    const h: Record<string, string> = { "access-control-request-method": method, "access-control-request-headers": headers };
    if (origin) h.origin = origin;
    return OPTIONS(new Request(URL_, { method: "OPTIONS", headers: h }));
  };

  it("lets a browser on an allowed origin through without putting the key in the URL", async () => {
    // The preflight, as Chromium sends it: no X-Tenant-Key, no query string.
    const ok = await preflight(allowed(), "POST", "accept,content-type,x-tenant-key");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(allowed());
    expect(ok.headers.get("access-control-allow-methods")).toBe("POST");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/x-tenant-key/);
    expect(ok.headers.get("access-control-allow-credentials")).toBeNull();
    expect(ok.headers.get("vary")).toMatch(/Origin/);

    const res = await chat({ message: "Bonjour" }, { "x-tenant-key": dupont().widgetKey, origin: allowed(), accept: "text/event-stream" });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(allowed());
    await res.text();
  });

  it("a passed preflight grants nothing: the POST from an origin the key does not allow is refused, unreadable, unwritten", async () => {
    for (const origin of ["https://evil.example", `http://${maple().slug}.localhost:3000`]) {
      expect((await preflight(origin)).status).toBe(204);
      const before = await env.countRows();
      const res = await chat({ message: "Bonjour" }, { "x-tenant-key": dupont().widgetKey, origin });
      expect(res.status).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(await env.countRows()).toEqual(before);
    }
  });

  it("refuses a preflight outside the public contract", async () => {
    for (const [origin, method, headers] of [
      [null, "POST", "content-type"],
      ["null", "POST", "content-type"],
      [allowed(), "PUT", "content-type"],
      [allowed(), "DELETE", ""],
      [allowed(), "POST", "content-type,authorization"],
      [allowed(), "POST", "cookie,x-tenant-key"],
    ] as const) {
      const res = await preflight(origin, method, headers);
      expect(res.status, `${origin} ${method} ${headers}`).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
  });
});

describe("rate limit", () => {
  it("429 rate_limited with Retry-After once a key and address used their window, writing nothing; other addresses and keys go on", async () => {
    const previous = process.env.CHAT_RATE_LIMIT_MAX;
    process.env.CHAT_RATE_LIMIT_MAX = "3";
    try {
      const from = (ip: string, key = dupont().widgetKey) =>
        chat({ message: "Bonjour" }, { "x-tenant-key": key, "x-forwarded-for": ip, origin: `http://${dupont().slug}.localhost:3000` });
      for (let i = 0; i < 3; i++) expect((await from("203.0.113.7")).status).toBe(200);

      const before = await env.countRows();
      const limited = await from("203.0.113.7");
      expect(limited.status).toBe(429);
      expect((await limited.json()).error.code).toBe("rate_limited");
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // The widget's page may read the refusal (and when to try again).
      expect(limited.headers.get("access-control-allow-origin")).toBe(`http://${dupont().slug}.localhost:3000`);
      expect(limited.headers.get("access-control-expose-headers")).toMatch(/Retry-After/i);
      expect((await from("203.0.113.7")).status).toBe(429);
      expect(await env.countRows()).toEqual(before);

      // Only the last X-Forwarded-For hop counts: a client cannot pick a fresh address.
      expect((await from("198.51.100.1, 203.0.113.7")).status).toBe(429);
      expect((await from("203.0.113.8")).status).toBe(200);
      const other = await chat({ message: "Hello" }, { "x-tenant-key": maple().widgetKey, "x-forwarded-for": "203.0.113.7" });
      expect(other.status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.CHAT_RATE_LIMIT_MAX;
      else process.env.CHAT_RATE_LIMIT_MAX = previous;
    }
  });
});

describe("widget.js", () => {
  it("serves the dependency-free widget that streams from /api/v1/chat", async () => {
    const res = await GET_WIDGET();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js).toContain("/api/v1/chat");
    expect(js).toContain("text/event-stream");
    expect(js).toContain("x-tenant-key");
    // The key travels only in its header: a URL ends up in access logs and caches.
    expect(js).not.toContain("?key=");
    expect(js).not.toMatch(/\bimport\b|\brequire\(/);
    // It must at least parse as a script.
    expect(() => new Function(js)).not.toThrow();
  });
});

describe("demo page data", () => {
  it("embeds only a key that routes to the page's tenant; the dev seed key only outside production", async () => {
    const { loadWidgetDemo } = await import("@/lib/channels");
    const dir = await mkdtemp(path.join(os.tmpdir(), "fd-demo-"));
    const previous = { dataDir: process.env.FRONTDESK_DATA_DIR, nodeEnv: process.env.NODE_ENV };
    process.env.FRONTDESK_DATA_DIR = dir;
    try {
      await writeFile(
        path.join(dir, "seed.json"),
        JSON.stringify({ tenants: [{ slug: "cabinet-dupont", ownerPassword: "never-shown", widgetKey: dupont().widgetKey }] }),
      );
      expect(await loadWidgetDemo("cabinet-dupont", undefined)).toMatchObject({
        businessName: "Cabinet Dr Dupont",
        widgetKey: dupont().widgetKey,
        keySource: "dev-seed",
        problem: null,
      });
      expect(JSON.stringify(await loadWidgetDemo("cabinet-dupont", undefined))).not.toContain("never-shown");
      expect(await loadWidgetDemo("maple-dental", dupont().widgetKey)).toMatchObject({ widgetKey: null, problem: "foreign-key" });
      expect(await loadWidgetDemo("maple-dental", maple().widgetKey)).toMatchObject({ widgetKey: maple().widgetKey, keySource: "query" });
      expect(await loadWidgetDemo("nobody-here", undefined)).toBeNull();
      expect(await loadWidgetDemo("../etc", undefined)).toBeNull();

      (process.env as Record<string, string>).NODE_ENV = "production";
      expect(await loadWidgetDemo("cabinet-dupont", undefined)).toMatchObject({ widgetKey: null, problem: "no-key" });
    } finally {
      (process.env as Record<string, string | undefined>).NODE_ENV = previous.nodeEnv;
      if (previous.dataDir === undefined) delete process.env.FRONTDESK_DATA_DIR;
      else process.env.FRONTDESK_DATA_DIR = previous.dataDir;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
