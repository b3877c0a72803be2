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
  // Still in use, so kept; its message from 200 days ago is past the limit all the same.
  expect(await messagesOf(oldButActive)).toBe(1);
  expect(await exists("conversations", mapleOld)).toBe(true);
  expect(await exists("clients", client)).toBe(true);
  expect((await env.admin.query(`SELECT conversation_id FROM appointments WHERE id = $1`, [appointment])).rows[0]).toEqual({ conversation_id: null });

  const trail = await audits(dupont());
  expect(trail).toHaveLength(1);
  expect(trail[0].actor_kind).toBe("system");
  expect(Object.keys(trail[0].metadata).sort()).toEqual(["before", "clientMessages", "conversations", "messages", "reportEmails", "reports", "retentionDays", "toolCalls"]);
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

it("acceptance: content older than the limit is gone, appointments and usage stay, and other tenants are untouched", async () => {
  clock.advance(DAY);
  const now = clock.now().getTime();
  const ago = (days: number) => new Date(now - days * DAY);
  const q = (sql: string, values: unknown[]) => env.admin.query(sql, values);
  const one = async (sql: string, values: unknown[]) => (await q(sql, values)).rows[0];

  async function scene(tenantId: string) {
    const client = (await one(`INSERT INTO clients (tenant_id, name, notes, updated_at) VALUES ($1, 'Client ancien', 'allergique', now()) RETURNING id`, [tenantId])).id as string;
    const service = (await one(`SELECT id FROM services WHERE tenant_id = $1 LIMIT 1`, [tenantId])).id as string;
    const call = (
      await one(
        `INSERT INTO conversations (tenant_id, channel, external_id, client_id, status, started_at, ended_at, updated_at, transcript, summary, recording_url, stereo_recording_url)
         VALUES ($1, 'voice', gen_random_uuid()::text, $2, 'ended', $3, $3, $3, 'AI: Bonjour\nUser: Je voudrais un rendez-vous', 'Le client a réservé', 'https://storage.vapi.ai/old.wav', 'https://storage.vapi.ai/old-stereo.wav') RETURNING id`,
        [tenantId, client, ago(120)],
      )
    ).id as string;
    await q(`INSERT INTO messages (tenant_id, conversation_id, role, content, created_at) VALUES ($1, $2, 'caller', 'Je voudrais un rendez-vous', $3)`, [tenantId, call, ago(120)]);
    const appointment = (
      await one(
        `INSERT INTO appointments (tenant_id, service_id, client_id, conversation_id, starts_at, ends_at, status, channel, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5::timestamptz + interval '30 minutes', 'completed', 'voice', $6, $6) RETURNING id`,
        [tenantId, service, client, call, ago(110), ago(120)],
      )
    ).id as string;
    const usage = (await one(`INSERT INTO usage_events (tenant_id, metric, quantity, occurred_at, idempotency_key) VALUES ($1, 'call_second', 83, $2, gen_random_uuid()::text) RETURNING id`, [tenantId, ago(120)])).id as string;
    const chat = (await one(`INSERT INTO conversations (tenant_id, channel, external_id, started_at, updated_at) VALUES ($1, 'whatsapp', gen_random_uuid()::text, $2, $3) RETURNING id`, [tenantId, ago(150), ago(3)])).id as string;
    const oldLine = (await one(`INSERT INTO messages (tenant_id, conversation_id, role, content, created_at) VALUES ($1, $2, 'caller', 'Mon ancien numéro est le 079', $3) RETURNING id`, [tenantId, chat, ago(100)])).id as string;
    const newLine = (await one(`INSERT INTO messages (tenant_id, conversation_id, role, content, created_at) VALUES ($1, $2, 'caller', 'Encore moi', $3) RETURNING id`, [tenantId, chat, ago(3)])).id as string;
    const oldTool = (await one(`INSERT INTO vapi_tool_calls (tenant_id, tool_call_id, name, outcome, claimed_at, completed_at) VALUES ($1, gen_random_uuid()::text, 'book_appointment', '{"result": "Réservé pour Client ancien"}', $2, $2) RETURNING id`, [tenantId, ago(120)])).id as string;
    const newTool = (await one(`INSERT INTO vapi_tool_calls (tenant_id, tool_call_id, name, outcome, claimed_at, completed_at) VALUES ($1, gen_random_uuid()::text, 'book_appointment', '{"result": "ok"}', $2, $2) RETURNING id`, [tenantId, ago(2)])).id as string;
    const report = (
      await one(
        `INSERT INTO daily_reports (tenant_id, local_date, locale, timezone, figures, subject, text_body, html_body, created_at) VALUES ($1, $2::date, 'fr', 'Europe/Zurich', '{}', 's', 'Client ancien demain', 'h', $2) RETURNING id`,
        [tenantId, ago(120)],
      )
    ).id as string;
    // Within the plan's retention, past the recording's (30 days unless the tenant chose otherwise).
    const recorded = (
      await one(
        `INSERT INTO conversations (tenant_id, channel, external_id, status, started_at, ended_at, updated_at, transcript, recording_url) VALUES ($1, 'voice', gen_random_uuid()::text, 'ended', $2, $2, $2, 'AI: Bonjour', 'https://storage.vapi.ai/mid.wav') RETURNING id`,
        [tenantId, ago(40)],
      )
    ).id as string;
    const fresh = (
      await one(`INSERT INTO conversations (tenant_id, channel, external_id, status, started_at, ended_at, updated_at, recording_url) VALUES ($1, 'voice', gen_random_uuid()::text, 'ended', $2, $2, $2, 'https://storage.vapi.ai/new.wav') RETURNING id`, [
        tenantId,
        ago(10),
      ])
    ).id as string;
    const mail = (await one(`INSERT INTO email_outbox (tenant_id, to_address, subject, text_body, kind, created_at) VALUES ($1, 'owner@x.example', 'Rapport', 'Client ancien demain', 'report', $2) RETURNING id`, [tenantId, ago(120)])).id as string;
    const invitation = (await one(`INSERT INTO email_outbox (tenant_id, to_address, subject, text_body, kind, created_at) VALUES ($1, 'new@x.example', 'Invitation', 'Rejoignez', 'invitation', $2) RETURNING id`, [tenantId, ago(120)])).id as string;
    const told = (
      await one(
        `INSERT INTO outbound_messages (tenant_id, appointment_id, kind, scheduled_for, status, via, recipient, body, sent_at, created_at, updated_at)
         VALUES ($1, $2, 'reminder_first', $3, 'sent', 'email', 'ancien@client.example', 'Rappel : votre rendez-vous demain', $3, $3, $3) RETURNING id`,
        [tenantId, appointment, ago(111)],
      )
    ).id as string;
    return { told, mail, invitation, client, call, appointment, usage, chat, oldLine, newLine, oldTool, newTool, report, recorded, fresh };
  }

  const d = await scene(dupont());
  const m = await scene(maple());
  await q(`UPDATE tenants SET settings = settings || '{"recording": {"enabled": true, "retentionDays": 183}}' WHERE id = $1`, [maple()]);
  const usageBefore = (await one(`SELECT count(*)::int AS n FROM usage_events WHERE tenant_id = $1`, [dupont()])).n;
  const mapleRowsBefore = (await env.admin.query(`SELECT 'c' AS t, count(*)::int AS n FROM conversations WHERE tenant_id = $1 UNION ALL SELECT 'm', count(*)::int FROM messages WHERE tenant_id = $1 UNION ALL SELECT 'r', count(*)::int FROM conversations WHERE tenant_id = $1 AND recording_url IS NOT NULL`, [maple()])).rows;

  const summary = await runner.runDue();
  expect(summary.failed).toBe(0);

  // Gone: the old call with its transcript, summary, recording and messages; the old line of a live chat; old tool answers and reports.
  expect(await exists("conversations", d.call)).toBe(false);
  expect(await messagesOf(d.call)).toBe(0);
  expect(await exists("messages", d.oldLine)).toBe(false);
  expect(await exists("vapi_tool_calls", d.oldTool)).toBe(false);
  expect(await exists("daily_reports", d.report)).toBe(false);
  expect(await exists("email_outbox", d.mail)).toBe(false);
  expect(await exists("email_outbox", d.invitation)).toBe(true);
  expect(await one(`SELECT status, kind, body, recipient FROM outbound_messages WHERE id = $1`, [d.told])).toEqual({ status: "sent", kind: "reminder_first", body: null, recipient: null });
  expect(await one(`SELECT recording_url, transcript FROM conversations WHERE id = $1`, [d.recorded])).toEqual({ recording_url: null, transcript: "AI: Bonjour" });
  // Stay: the appointment (without its conversation), its client, the usage row, recent content.
  expect(await one(`SELECT status, channel, conversation_id FROM appointments WHERE id = $1`, [d.appointment])).toEqual({ status: "completed", channel: "voice", conversation_id: null });
  expect(await exists("clients", d.client)).toBe(true);
  expect(await one(`SELECT metric, quantity FROM usage_events WHERE id = $1`, [d.usage])).toEqual({ metric: "call_second", quantity: 83 });
  expect((await one(`SELECT count(*)::int AS n FROM usage_events WHERE tenant_id = $1`, [dupont()])).n).toBe(usageBefore);
  for (const [table, id] of [["conversations", d.chat], ["messages", d.newLine], ["vapi_tool_calls", d.newTool], ["conversations", d.fresh]] as const) {
    expect(await exists(table, id), `${table} ${id}`).toBe(true);
  }
  expect((await one(`SELECT recording_url FROM conversations WHERE id = $1`, [d.fresh])).recording_url).toBe("https://storage.vapi.ai/new.wav");

  // Maple (Pro, 365 days; recordings kept 183 days): untouched.
  for (const [table, id] of Object.entries({ conversations: m.call, messages: m.oldLine, vapi_tool_calls: m.oldTool, daily_reports: m.report, email_outbox: m.mail, appointments: m.appointment })) {
    expect(await exists(table, id), `maple ${table}`).toBe(true);
  }
  expect(await one(`SELECT conversation_id FROM appointments WHERE id = $1`, [m.appointment])).toEqual({ conversation_id: m.call });
  expect((await env.admin.query(`SELECT 'c' AS t, count(*)::int AS n FROM conversations WHERE tenant_id = $1 UNION ALL SELECT 'm', count(*)::int FROM messages WHERE tenant_id = $1 UNION ALL SELECT 'r', count(*)::int FROM conversations WHERE tenant_id = $1 AND recording_url IS NOT NULL`, [maple()])).rows).toEqual(mapleRowsBefore);
  expect(await audits(maple())).toEqual([]);
  expect((await one(`SELECT body FROM outbound_messages WHERE id = $1`, [m.told])).body).toBe("Rappel : votre rendez-vous demain");

  // Activity: counts only, never content.
  const trail = await audits(dupont());
  expect(trail).toHaveLength(2);
  expect(trail[1].metadata).toMatchObject({ retentionDays: 90, conversations: 1, messages: 2, toolCalls: 1, reports: 1, reportEmails: 1, clientMessages: 1 });
  const recordings = await env.admin.query(`SELECT actor_kind, metadata FROM audit_events WHERE tenant_id = $1 AND action = 'data.recordings_expired'`, [dupont()]);
  expect(recordings.rows).toHaveLength(1);
  expect(recordings.rows[0].metadata).toMatchObject({ retentionDays: 30, recordings: 2 });
  const all = JSON.stringify([...trail, ...recordings.rows]);
  for (const content of ["Bonjour", "rendez-vous", "Client ancien", "079", "storage.vapi.ai", "ancien@client"]) expect(all).not.toContain(content);
});
