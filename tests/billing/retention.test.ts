import { afterAll, beforeAll, expect, it } from "vitest";
import type { JobRunner, ManualClock } from "@/lib/jobs";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";

/*
 * The plan's data retention, run by the job runner on a driven clock:
 * conversations whose last activity is older than the plan's retention go
 * with their messages; recent ones (or old ones still in use) stay;
 * appointments and clients stay, unlinked; other tenants are untouched; a
 * second run the same day does nothing, the next day deletes nothing more.
 */

let env: ChannelTestEnv;
let runner: JobRunner;
let clock: ManualClock;
const DAY = 24 * 3600 * 1000;
const NOW = new Date();
const dupont = () => env.tenants["cabinet-dupont"].id; // set to Starter: 90 days
const maple = () => env.tenants["maple-dental"].id; // Pro: 365 days

beforeAll(async () => {
  env = await setUpChannelTest("retention");
  const jobs = await import("@/lib/jobs");
  await import("@/lib/jobs/all-jobs");
  clock = jobs.createManualClock(NOW);
  runner = jobs.createJobRunner({
    clock,
    queueUrl: env.db.adminUrl,
    jobs: jobs.registeredJobs().filter((j) => j.name === "billing.data-retention"),
  });
  await env.admin.query(`UPDATE tenants SET plan = 'starter' WHERE id = $1`, [dupont()]);
}, 120_000);

afterAll(async () => {
  await runner?.stop(2_000);
  await env?.close();
});

async function conversation(tenantId: string, startedDaysAgo: number, lastMessageDaysAgo: number | null, clientId: string | null = null) {
  const started = new Date(NOW.getTime() - startedDaysAgo * DAY);
  const { rows } = await env.admin.query<{ id: string }>(
    `INSERT INTO conversations (tenant_id, channel, external_id, client_id, started_at, updated_at) VALUES ($1, 'web', gen_random_uuid()::text, $3, $2, $2) RETURNING id`,
    [tenantId, started, clientId],
  );
  const id = rows[0]!.id;
  await env.admin.query(`INSERT INTO messages (tenant_id, conversation_id, role, content, created_at) VALUES ($1, $2, 'caller', 'Bonjour', $3)`, [tenantId, id, started]);
  if (lastMessageDaysAgo !== null) {
    await env.admin.query(`INSERT INTO messages (tenant_id, conversation_id, role, content, created_at) VALUES ($1, $2, 'agent', 'Oui ?', $3)`, [tenantId, id, new Date(NOW.getTime() - lastMessageDaysAgo * DAY)]);
  }
  return id;
}

const exists = async (table: string, id: string) => Number((await env.admin.query(`SELECT count(*) FROM ${table} WHERE id = $1`, [id])).rows[0].count) === 1;
const messagesOf = async (id: string) => Number((await env.admin.query(`SELECT count(*) FROM messages WHERE conversation_id = $1`, [id])).rows[0].count);
const audits = async (tenantId: string) =>
  (await env.admin.query(`SELECT actor_kind, metadata FROM audit_events WHERE tenant_id = $1 AND action = 'data.retention_applied'`, [tenantId])).rows;

it("deletes what is past the plan's retention, keeps the rest, appointments and clients included", async () => {
  const client = (await env.admin.query(`INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Ancien client', '+41790000123', now()) RETURNING id`, [dupont()])).rows[0].id as string;
  const service = (await env.admin.query(`SELECT id FROM services WHERE tenant_id = $1 LIMIT 1`, [dupont()])).rows[0].id as string;
  const at = new Date(NOW.getTime() - 119 * DAY);
  const appointment = (
    await env.admin.query(
      `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, updated_at) VALUES ($1, $2, $3, $4, $4::timestamptz + interval '30 minutes', 'completed', now()) RETURNING id`,
      [dupont(), service, client, at],
    )
  ).rows[0].id as string;
  const old = await conversation(dupont(), 120, null, client);
  const oldToo = await conversation(dupont(), 95, 92);
  const recent = await conversation(dupont(), 10, null);
  const oldButActive = await conversation(dupont(), 200, 5);
  const mapleOld = await conversation(maple(), 200, null);
  await env.admin.query(`UPDATE appointments SET conversation_id = $2 WHERE id = $1`, [appointment, old]);
  // Whatever the seed holds that is past 90 days goes too: count it before.
  const { rows } = await env.admin.query(
    `SELECT count(*)::int AS n FROM conversations c WHERE tenant_id = $1 AND GREATEST(c.started_at, c.updated_at, COALESCE(c.ended_at, c.started_at),
       COALESCE((SELECT max(created_at) FROM messages m WHERE m.conversation_id = c.id), c.started_at)) < $2`,
    [dupont(), new Date(NOW.getTime() - 90 * DAY)],
  );
  const due = rows[0].n as number;
  expect(due).toBeGreaterThanOrEqual(2);

  const summary = await runner.runDue();
  expect(summary.failed).toBe(0);
  expect(await exists("conversations", old)).toBe(false);
  expect(await exists("conversations", oldToo)).toBe(false);
  expect(await messagesOf(old)).toBe(0);
  expect(await exists("conversations", recent)).toBe(true);
  expect(await exists("conversations", oldButActive)).toBe(true);
  expect(await messagesOf(oldButActive)).toBe(2);
  expect(await exists("conversations", mapleOld)).toBe(true);
  expect(await exists("clients", client)).toBe(true);
  expect((await env.admin.query(`SELECT conversation_id FROM appointments WHERE id = $1`, [appointment])).rows[0]).toEqual({ conversation_id: null });

  const trail = await audits(dupont());
  expect(trail).toHaveLength(1);
  expect(trail[0].actor_kind).toBe("system");
  expect(Object.keys(trail[0].metadata).sort()).toEqual(["before", "conversations", "messages", "retentionDays"]);
  expect(trail[0].metadata).toMatchObject({ retentionDays: 90, conversations: due });
  expect(await audits(maple())).toEqual([]);
});

it("a second run deletes nothing: the same day is not run again, and the next day finds nothing", async () => {
  const before = Number((await env.admin.query(`SELECT count(*) FROM conversations`)).rows[0].count);
  expect((await runner.runDue()).completed).toBe(0);
  clock.advance(DAY);
  expect((await runner.runDue()).failed).toBe(0);
  expect(Number((await env.admin.query(`SELECT count(*) FROM conversations`)).rows[0].count)).toBe(before);
  expect(await audits(dupont())).toHaveLength(1);
});
