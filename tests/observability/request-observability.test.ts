import { Writable } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";

/*
 * What an operator sees and what a caller gets when the database misbehaves,
 * through the real route handlers: a lock wait past lock_timeout is a 503
 * with Retry-After and a log line naming SQLSTATE 55P03; a broken schema is a
 * bare 500 whose log line names the code and the stack, neither of which
 * reaches the caller; nothing a caller said or any secret is logged;
 * /api/metrics and /api/ready report it.
 */

const TOKEN = "metrics-token-0123456789abcdef";
let env: ChannelTestEnv;
let CHAT: (request: Request) => Promise<Response>;
let WHATSAPP: (request: Request) => Promise<Response>;
let METRICS: (request: Request) => Promise<Response>;
let READY: () => Promise<Response>;
const lines: Array<Record<string, unknown>> = [];
let raw = "";

beforeAll(async () => {
  env = await setUpChannelTest("observe");
  // Short limits in this database only, before the app opens its first connection.
  await env.admin.query(`ALTER ROLE frontdesk_app IN DATABASE "${env.db.name}" SET lock_timeout = '300ms'`);
  Object.assign(process.env, { LOG_LEVEL: "info", READY_TIMEOUT_MS: "300", METRICS_TOKEN: TOKEN });
  const { useLogDestination } = await import("@/lib/observability");
  useLogDestination(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        raw += chunk.toString("utf8");
        for (const line of chunk.toString("utf8").split("\n")) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );
  ({ POST: CHAT } = await import("@/app/api/v1/chat/route"));
  ({ POST: WHATSAPP } = await import("@/app/api/webhooks/whatsapp/route"));
  ({ GET: METRICS } = await import("@/app/api/metrics/route"));
  ({ GET: READY } = await import("@/app/api/ready/route"));
});

afterAll(async () => {
  await env?.close();
});

beforeEach(() => {
  lines.length = 0;
  raw = "";
});

const dupont = () => env.tenants["cabinet-dupont"];

function chat(message: string, extra: Record<string, string> = {}): Promise<Response> {
  return CHAT(
    new Request("http://127.0.0.1:3000/api/v1/chat", {
      method: "POST",
      headers: { "content-type": "application/json", "x-tenant-key": dupont().widgetKey, ...extra },
      body: JSON.stringify({ message, client: { name: "Léa Secret-Name", phone: "079 555 12 34" } }),
    }),
  );
}

async function holding<T>(sql: string, fn: () => Promise<T>): Promise<T> {
  const locker = new pg.Client({ connectionString: env.db.adminUrl });
  await locker.connect();
  try {
    await locker.query("BEGIN");
    await locker.query(sql);
    return await fn();
  } finally {
    await locker.query("ROLLBACK").catch(() => undefined);
    await locker.end();
  }
}

describe("a database that cannot serve", () => {
  it("answers a lock wait past lock_timeout with 503, Retry-After and the standard body, and logs 55P03", async () => {
    const started = Date.now();
    const response = await holding("LOCK TABLE conversations IN ACCESS EXCLUSIVE MODE", () => chat("Bonjour, où êtes-vous ?"));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toEqual({
      error: { code: "service_unavailable", message: "The service is briefly unavailable. Please try again in a moment." },
    });
    const logged = lines.find((l) => l.msg === "service unavailable");
    expect(logged).toMatchObject({ level: 40, route: "/api/v1/chat", channel: "web", tenantId: dupont().id, err: { sqlState: "55P03" } });
    expect(logged?.requestId).toEqual(expect.any(String));
  });

  it("answers a broken schema with a bare 500 and logs its code and stack, not what the caller said", async () => {
    await env.admin.query(`ALTER TABLE messages RENAME TO messages_moved`);
    let response: Response;
    try {
      response = await chat("Message privé: mon code est 4242");
    } finally {
      await env.admin.query(`ALTER TABLE messages_moved RENAME TO messages`);
    }
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toEqual({ error: { code: "internal_error", message: "Something went wrong on our side. Please try again." } });
    const logged = lines.find((l) => l.msg === "internal error") as { err: Record<string, unknown> } & Record<string, unknown>;
    expect(logged).toMatchObject({ level: 50, route: "/api/v1/chat", tenantId: dupont().id });
    expect(logged.err.prismaCode ?? logged.err.sqlState).toMatch(/^(P2021|42P01)$/);
    expect(logged.err.stack).toMatch(/\n\s+at /);
    expect(raw).not.toContain("4242");
    expect(raw).not.toContain("Secret-Name");
    // Driver and Prisma messages quote schema and values: the log keeps the class, codes and frames only.
    expect(String(logged.err.stack).split("\n")[0]).toBe(logged.err.type);
    expect(raw).not.toContain("does not exist");
  });
});

describe("logs", () => {
  it("stamp every request with its id, tenant, route and channel, and keep callers' words out", async () => {
    const response = await chat("Quels sont vos horaires ? Je m'appelle Léa Secret-Name");
    expect(response.status).toBe(200);
    const request = lines.find((l) => l.msg === "request");
    expect(request).toMatchObject({ route: "/api/v1/chat", channel: "web", tenantId: dupont().id, status: 200, method: "POST" });
    expect(request?.requestId).toEqual(expect.any(String));
    expect(raw).not.toContain("Secret-Name");
  });

  it("redact secrets and caller text wherever a log call puts them", async () => {
    const { logger } = await import("@/lib/observability");
    logger().warn(
      {
        authorization: "Bearer abc",
        password: "hunter2",
        nested: { token: "tok-123", webhookSecret: "whsec_1", Body: "hello from whatsapp", message: "call me" },
        deeper: { headers: { cookie: "fd_session=1" } },
      },
      "check",
    );
    for (const secret of ["abc", "hunter2", "tok-123", "whsec_1", "hello from whatsapp", "call me", "fd_session"]) {
      expect(raw).not.toContain(secret);
    }
    expect(lines.at(-1)).toMatchObject({ password: "[redacted]", nested: { token: "[redacted]" } });
  });
});

describe("/api/metrics", () => {
  const scrape = (authorization?: string) =>
    METRICS(new Request("http://127.0.0.1:3000/api/metrics", { headers: authorization ? { authorization } : {} }));

  it("does not exist without a token configured, and refuses a wrong or missing one", async () => {
    delete process.env.METRICS_TOKEN;
    try {
      expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    } finally {
      process.env.METRICS_TOKEN = TOKEN;
    }
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
  });

  it("reports latency per route and channel, pools, statements, webhook outcomes and 429s", async () => {
    expect((await chat("Bonjour")).status).toBe(200);
    // An unsigned WhatsApp delivery: refused, counted as such for the provider.
    const form = new URLSearchParams({ To: "whatsapp:+41225550102", From: "whatsapp:+41791112233", Body: "hi", MessageSid: `SM${"a".repeat(32)}` });
    const refused = await WHATSAPP(
      new Request("https://frontdesk.example/api/webhooks/whatsapp", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
      }),
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    // Over the chat rate limit from one address: a 429, counted for the web channel.
    process.env.CHAT_RATE_LIMIT_MAX = "1";
    try {
      const ip = { "x-forwarded-for": "203.0.113.77" };
      await chat("un", ip);
      expect((await chat("deux", ip)).status).toBe(429);
    } finally {
      process.env.CHAT_RATE_LIMIT_MAX = "100000";
    }

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/frontdesk_http_request_duration_seconds_count\{route="\/api\/v1\/chat",channel="web",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/frontdesk_db_pool_connections\{pool="app"\} \d+/);
    expect(text).toMatch(/frontdesk_db_pool_waiting_requests\{pool="app"\} 0/);
    expect(text).toMatch(/frontdesk_db_pool_max_connections\{pool="app"\} 4/);
    const statements = Number(/frontdesk_db_statements_total\{pool="app"\} (\d+)/.exec(text)?.[1]);
    expect(statements).toBeGreaterThan(0);
    expect(text).toMatch(new RegExp(`frontdesk_webhook_events_total\\{provider="twilio",outcome="(unauthenticated|rejected|unrouted)"\\} 1`));
    expect(text).toMatch(/frontdesk_rate_limited_total\{channel="web"\} 1/);
    expect(text).toContain("# TYPE frontdesk_job_queue_depth gauge");
  });
});

describe("/api/ready", () => {
  it("is green when every pool answers, red while the app pool is held without moving, green again after", async () => {
    const green = await READY();
    expect(green.status).toBe(200);
    expect(await green.json()).toEqual({ status: "ready", pools: [{ pool: "app", ready: true }, { pool: "platform", ready: true }] });

    const { tenantDb } = await import("@/lib/db");
    const pool = tenantDb().pool;
    const held = await Promise.all(Array.from({ length: pool.options.max ?? 4 }, () => pool.connect()));
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const red = await READY();
      expect(red.status).toBe(503);
      expect(red.headers.get("retry-after")).toBe("2");
      expect(await red.json()).toMatchObject({ error: { code: "service_unavailable", pools: [{ pool: "app", ready: false, reason: "saturated" }, { pool: "platform", ready: true }] } });
    } finally {
      for (const client of held) client.release();
    }
    expect((await READY()).status).toBe(200);
  });
});
