import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";

/*
 * A plan's limits changed by the platform (a row of plans or plan_prices)
 * apply from the next request: the tenants on that plan get a new
 * config_version, announced, so the channel directory's cached limits go.
 */

let env: ChannelTestEnv;
let listener: pg.Client;
const heard: string[] = [];
const amel = () => env.tenants["salon-amel"];
const maple = () => env.tenants["maple-dental"];

beforeAll(async () => {
  env = await setUpChannelTest("plan-change");
  listener = new pg.Client({ connectionString: env.db.adminUrl });
  await listener.connect();
  await listener.query("LISTEN frontdesk_config");
  listener.on("notification", (n) => heard.push(n.payload ?? ""));
});

afterAll(async () => {
  await listener?.end();
  await env?.close();
});

async function chat(key: string, message: string) {
  const { POST } = await import("@/app/api/v1/chat/route");
  const res = await POST(new Request("http://localhost:3000/api/v1/chat", { method: "POST", headers: { "content-type": "application/json", "x-tenant-key": key }, body: JSON.stringify({ message, locale: "fr" }) }));
  return (await res.json()) as { conversationId: string | null; reply: string };
}

const versionOf = async (id: string) => Number((await env.admin.query(`SELECT config_version FROM tenants WHERE id = $1`, [id])).rows[0].config_version);

it("a raised conversation allowance admits the next new conversation of every tenant on the plan, and no one else is touched", async () => {
  await env.admin.query(`UPDATE tenants SET plan = 'starter' WHERE id = $1`, [amel().id]);
  const { monthBounds } = await import("@/lib/usage");
  const tz = (await env.admin.query(`SELECT timezone FROM tenants WHERE id = $1`, [amel().id])).rows[0].timezone as string;
  await env.admin.query(
    `INSERT INTO usage_counters (tenant_id, period, metric, used, included, ceiling, plan_code) VALUES ($1, $2, 'conversations', 300, 300, 300, 'starter')`,
    [amel().id, monthBounds(new Date(), tz).month],
  );
  // Cached now: the directory holds Starter's 300.
  expect((await chat(amel().widgetKey, "Bonjour")).conversationId).toBeNull();

  const [amelBefore, mapleBefore] = [await versionOf(amel().id), await versionOf(maple().id)];
  heard.length = 0;
  await env.admin.query(`UPDATE plans SET limits = jsonb_set(limits, '{conversationsPerMonth}', '400') WHERE code = 'starter'`);
  expect(await versionOf(amel().id)).toBe(amelBefore + 1);
  expect(await versionOf(maple().id)).toBe(mapleBefore);
  await expect.poll(() => heard.some((p) => p === `${amel().id}:${amelBefore + 1}:plans`)).toBe(true);

  expect((await chat(amel().widgetKey, "Bonjour")).conversationId).not.toBeNull();
});

it("a changed price bumps the plan's tenants; rewriting the same values bumps nobody", async () => {
  const before = await versionOf(maple().id);
  await env.admin.query(`UPDATE plan_prices SET amount_cents = amount_cents WHERE plan_code = 'pro'`);
  expect(await versionOf(maple().id)).toBe(before);
  await env.admin.query(`UPDATE plan_prices SET amount_cents = amount_cents + 100 WHERE plan_code = 'pro' AND interval = 'month' AND currency = 'cad'`);
  expect(await versionOf(maple().id)).toBe(before + 1);
  await env.admin.query(`DELETE FROM plan_prices WHERE plan_code = 'pro' AND interval = 'year' AND currency = 'cad'`);
  expect(await versionOf(maple().id)).toBe(before + 2);
});
