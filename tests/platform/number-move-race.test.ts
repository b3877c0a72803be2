import { randomBytes, randomUUID } from "node:crypto";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPlatformAccess, type PlatformAccess } from "@/lib/db/platform-db";
import { PUBLIC_URL, setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";

/*
 * A WhatsApp sender moved from one tenant to another while messages arrive
 * through the real Twilio webhook route, signed with the `twilio` library:
 * every message is answered and stored in exactly one tenant, none is lost,
 * and every message sent after the move committed lands in the new tenant
 * (the channel caches follow the config versions the move bumps on both
 * sides). Both tenants hold the same Twilio account, as numbers kept in the
 * platform's inventory are.
 */

let env: ChannelTestEnv;
let access: PlatformAccess;
let POST: (request: Request) => Promise<Response>;
let from: { id: string; slug: string };
let to: { id: string; slug: string };
let number: string;
let token: string;
let accountSid: string;

beforeAll(async () => {
  env = await setUpChannelTest("pmove", { storeTwilioAccountSid: true });
  process.env.CHANNEL_TENANT_CONCURRENCY = "8";
  process.env.DATABASE_POOL_SIZE = "8";
  access = createPlatformAccess({ url: env.db.platformUrl, max: 3 });
  const dupont = env.tenants["cabinet-dupont"];
  const amel = env.tenants["salon-amel"];
  from = { id: dupont.id, slug: dupont.slug };
  to = { id: amel.id, slug: amel.slug };
  number = dupont.whatsappNumber;
  token = dupont.twilioToken;
  accountSid = dupont.twilioAccountSid;
  const { tenantSecrets } = await import("@/lib/secrets");
  const { runAsTenant } = await import("@/lib/tenancy");
  await runAsTenant(amel.id, async () => {
    await tenantSecrets().save("twilio", "auth_token", token);
    await tenantSecrets().save("twilio", "account_sid", accountSid);
  });
  ({ POST } = await import("@/app/api/webhooks/whatsapp/route"));
}, 120_000);

afterAll(async () => {
  await access?.close();
  await env?.close();
});

async function send(i: number): Promise<{ sid: string; status: number }> {
  const sid = "SM" + randomBytes(16).toString("hex");
  const sender = `+4179555${String(1000 + i)}`;
  const params = { MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, AccountSid: accountSid, From: `whatsapp:${sender}`, WaId: sender.slice(1), To: `whatsapp:${number}`, Body: `Bonjour, message ${i}`, NumMedia: "0" };
  const signature = getExpectedTwilioSignature(token, `${PUBLIC_URL}/api/webhooks/whatsapp`, params);
  const res = await POST(
    new Request("http://127.0.0.1:3000/api/webhooks/whatsapp", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams(params).toString(),
    }),
  );
  await res.text();
  return { sid, status: res.status };
}

async function landedIn(sids: string[]): Promise<Map<string, string[]>> {
  const r = await env.admin.query<{ external_id: string; tenant_id: string }>(
    `SELECT external_id, tenant_id FROM messages WHERE external_id = ANY($1::text[])`,
    [sids],
  );
  const by = new Map<string, string[]>(sids.map((s) => [s, []]));
  for (const row of r.rows) by.get(row.external_id)!.push(row.tenant_id);
  return by;
}

it("moves the sender in one transaction while messages arrive: each lands in exactly one tenant, none lost", async () => {
  const { createActionLookup, prepareTenantAction, performPrepared } = await import("@/lib/platform/actions");
  const lookup = createActionLookup(access.pool);
  const request = { adminUserId: randomUUID(), ip: null, requestId: null, apexOrigin: "http://localhost:3000", tenantOrigin: (s: string) => `http://${s}.localhost:3000` };

  // Warm the caches on the old owner, so the move has something to invalidate.
  const warm = await send(0);
  expect(warm.status).toBe(200);

  const before = Array.from({ length: 12 }, (_, i) => send(100 + i));
  const move = prepareTenantAction(from.id, "move-number", { number, to: to.slug, reason: "Sender transferred with the practice" }, { now: new Date(), lookup, links: request }).then((p) =>
    performPrepared(access, { userId: request.adminUserId }, p),
  );
  const during = Array.from({ length: 12 }, (_, i) => send(200 + i));
  const moved = await move;
  expect(moved).toEqual({ number, channels: ["whatsapp"], to: to.slug });
  const after = await Promise.all(Array.from({ length: 12 }, (_, i) => send(300 + i)));
  const concurrent = await Promise.all([...before, ...during]);

  const all = [warm, ...concurrent, ...after];
  expect(all.filter((m) => m.status !== 200)).toEqual([]);
  const landed = await landedIn(all.map((m) => m.sid));
  for (const [sid, tenants] of landed) {
    expect(tenants, sid).toHaveLength(1);
    expect([from.id, to.id]).toContain(tenants[0]);
  }
  expect(landed.get(warm.sid)).toEqual([from.id]);
  for (const m of after) expect(landed.get(m.sid), "sent after the move").toEqual([to.id]);

  const routes = await env.admin.query(`SELECT tenant_id FROM channel_routes WHERE key = $1`, [number]);
  expect(routes.rows).toEqual([{ tenant_id: to.id }]);
  const { channelDirectory } = await import("@/lib/channels/channel-config");
  expect(await channelDirectory().resolve("whatsapp", number)).toBe(to.id);

  // The Numbers page's inventory shows the new home.
  const { listNumberInventory } = await import("@/lib/platform/numbers");
  const listed = await access.withPlatformAccess({ userId: request.adminUserId }, { action: "console.numbers.list" }, (db) => listNumberInventory(db, { search: number.slice(0, 8) }));
  expect(listed.filter((r) => r.number === number).map((r) => [r.channel, r.tenant.slug])).toEqual([["whatsapp", to.slug]]);
});

it("moves back at once, and the old owner's cache lets go again", async () => {
  const { createActionLookup, prepareTenantAction, performPrepared } = await import("@/lib/platform/actions");
  const lookup = createActionLookup(access.pool);
  const request = { adminUserId: randomUUID(), ip: null, requestId: null, apexOrigin: "http://localhost:3000", tenantOrigin: (s: string) => `http://${s}.localhost:3000` };
  const prepared = await prepareTenantAction(to.id, "move-number", { number, to: from.id, reason: "Moved by mistake, moving back" }, { now: new Date(), lookup, links: request });
  await performPrepared(access, { userId: request.adminUserId }, prepared);
  const next = await send(400);
  expect(next.status).toBe(200);
  expect((await landedIn([next.sid])).get(next.sid)).toEqual([from.id]);
});

it("a message after the move lands in the new tenant even when this instance has not heard of the move", async () => {
  const { createActionLookup, prepareTenantAction, performPrepared } = await import("@/lib/platform/actions");
  const { configEventsFor } = await import("@/lib/db/config-events");
  const { tenantDb } = await import("@/lib/db");
  // No announcements and a long cache life: the directory still names the old owner after the move.
  await configEventsFor(tenantDb().pool).close();
  process.env.CONFIG_CACHE_TTL_MS = "600000";
  const warm = await send(500);
  expect((await landedIn([warm.sid])).get(warm.sid)).toEqual([from.id]);

  const lookup = createActionLookup(access.pool);
  const request = { adminUserId: randomUUID(), ip: null, requestId: null, apexOrigin: "http://localhost:3000", tenantOrigin: (s: string) => `http://${s}.localhost:3000` };
  const prepared = await prepareTenantAction(from.id, "move-number", { number, to: to.slug, reason: "Sender transferred with the practice" }, { now: new Date(), lookup, links: request });
  await performPrepared(access, { userId: request.adminUserId }, prepared);
  const after = await Promise.all([send(501), send(502), send(503)]);
  expect(after.map((m) => m.status)).toEqual([200, 200, 200]);
  const landed = await landedIn(after.map((m) => m.sid));
  for (const m of after) expect(landed.get(m.sid), "sent after the move").toEqual([to.id]);
});
