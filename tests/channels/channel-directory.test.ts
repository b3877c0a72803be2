import { afterAll, beforeAll, expect, it } from "vitest";
import { generateWidgetKey } from "@/lib/channels/widget-key";
import { chatResponseSchema } from "@/lib/channels/web-chat-contract";
import { setUpChannelTest, type ChannelTestEnv } from "./channel-test-env";

/*
 * Channel requests are admitted from the per-process channel directory (no
 * query), yet a change made anywhere — revoking a key, suspending a tenant,
 * creating a key — applies to the very next message.
 */

let env: ChannelTestEnv;
let POST: (request: Request) => Promise<Response>;

beforeAll(async () => {
  env = await setUpChannelTest("directory");
  ({ POST } = await import("@/app/api/v1/chat/route"));
});

afterAll(async () => {
  await env?.close();
});

const chat = (key: string, body: Record<string, unknown>) =>
  POST(
    new Request("http://127.0.0.1:3000/api/v1/chat", {
      method: "POST",
      headers: { "content-type": "application/json", "x-tenant-key": key },
      body: JSON.stringify(body),
    }),
  );

it("refuses the next message of a key revoked by hand in SQL, with nothing stored", async () => {
  const key = generateWidgetKey();
  const tenant = env.tenants["maple-dental"];
  await env.admin.query(
    `INSERT INTO channel_routes (tenant_id, channel, key, key_prefix, label) VALUES ($1, 'web', $2, $3, 'revoked later')`,
    [tenant.id, key.hash, key.prefix],
  );
  const first = await chat(key.key, { message: "What are your opening hours?" });
  expect(first.status).toBe(200);
  const { conversationId } = chatResponseSchema.parse(await first.json());
  await env.admin.query(`UPDATE channel_routes SET active = false, revoked_at = now() WHERE key = $1`, [key.hash]);
  const before = await env.countRows();
  const refused = await chat(key.key, { conversationId, message: "And your address?" });
  expect(refused.status).toBe(401);
  expect(await env.countRows()).toEqual(before);
});

it("answers a suspended tenant's callers with the polite refusal from the next message on", async () => {
  const tenant = env.tenants["salon-amel"];
  expect((await chat(tenant.widgetKey, { message: "Bonjour" })).status).toBe(200);
  await env.admin.query(`UPDATE tenants SET status = 'suspended' WHERE id = $1`, [tenant.id]);
  try {
    const res = await chat(tenant.widgetKey, { message: "Je voudrais une coupe demain" });
    // Never dropped: the polite reply (billing), and no conversation.
    expect(res.status).toBe(200);
    const body = (await res.json()) as { conversationId: string | null; reply: string };
    expect(body.conversationId).toBeNull();
    expect(body.reply).toMatch(/ne peut pas répondre/);
  } finally {
    await env.admin.query(`UPDATE tenants SET status = 'active' WHERE id = $1`, [tenant.id]);
  }
  expect((await chat(tenant.widgetKey, { message: "Bonjour" })).status).toBe(200);
});

it("serves a key created after an unknown-key lookup of it, once its creation is announced", async () => {
  const key = generateWidgetKey();
  expect((await chat(key.key, { message: "Hello" })).status).toBe(401);
  await env.admin.query(
    `INSERT INTO channel_routes (tenant_id, channel, key, key_prefix, label) VALUES ($1, 'web', $2, $3, 'late')`,
    [env.tenants["maple-dental"].id, key.hash, key.prefix],
  );
  // The unknown key was remembered; the announcement of the new route forgets it.
  const deadline = Date.now() + 2_000;
  let status = 401;
  while (status === 401 && Date.now() < deadline) {
    status = (await chat(key.key, { message: "Hello" })).status;
    if (status === 401) await new Promise((r) => setTimeout(r, 20));
  }
  expect(status).toBe(200);
});
