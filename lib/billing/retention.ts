import "server-only";
import { recordAuditEvent } from "@/lib/audit";
import { tenantDb } from "@/lib/db";
import { inTenantTransaction } from "@/lib/db/tenant-transaction";
import { recordingSettingsOf } from "@/lib/settings/recording-settings";
import { limitsInForce, parsePlanLimits } from "./plan-catalogue";
import { DAY_MS } from "./lifecycle";

/*
 * The plan's data retention, enforced daily per tenant (jobs.ts, in the
 * tenant's context so RLS applies). Past the plan's retention:
 * - conversations whose last activity (start, end, last update or last
 *   message) is older go with their messages, transcript and summary;
 * - older messages of a conversation still in use go on their own;
 * - tool-call answers (they quote clients and times), daily reports and
 *   their emails in the outbox (their agenda names clients) go too;
 * - messages sent to clients keep their row (it is what makes them once)
 *   but lose their text and address.
 * Appointments, clients and usage rows stay: an appointment only loses its
 * link to the deleted conversation. Separately, call recordings are
 * forgotten after the tenant's recording retention (at most 183 days,
 * whatever the plan). Audit events carry counts, never content.
 */

const BATCH = 500;

// Last activity includes the latest message: a long-running chat is kept as long as it is used.
const EXPIRED_SQL = `SELECT c.id FROM conversations c
WHERE c.tenant_id = $1
  AND GREATEST(c.started_at, c.updated_at, COALESCE(c.ended_at, c.started_at),
        COALESCE((SELECT max(m.created_at) FROM messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id), c.started_at)) < $2
ORDER BY c.started_at LIMIT ${BATCH}`;
const UNLINK_SQL = `UPDATE appointments SET conversation_id = NULL WHERE tenant_id = $1 AND conversation_id = ANY($2::uuid[])`;
const MESSAGES_SQL = `WITH d AS (DELETE FROM messages WHERE tenant_id = $1 AND conversation_id = ANY($2::uuid[]) RETURNING 1) SELECT count(*)::int AS n FROM d`;
const CONVERSATIONS_SQL = `WITH d AS (DELETE FROM conversations WHERE tenant_id = $1 AND id = ANY($2::uuid[]) RETURNING 1) SELECT count(*)::int AS n FROM d`;
const count = (table: string, where: string) =>
  `WITH d AS (DELETE FROM ${table} WHERE tenant_id = $1 AND ${where} RETURNING 1) SELECT count(*)::int AS n FROM d`;
const OLD_MESSAGES_SQL = count("messages", "created_at < $2");
const TOOL_CALLS_SQL = count("vapi_tool_calls", "claimed_at < $2");
const REPORTS_SQL = count("daily_reports", "created_at < $2");
const REPORT_EMAILS_SQL = count("email_outbox", "kind = 'report' AND created_at < $2");
const OUTBOUND_SQL = `WITH d AS (UPDATE outbound_messages SET body = NULL, recipient = NULL
  WHERE tenant_id = $1 AND created_at < $2 AND status NOT IN ('pending', 'sending') AND (body IS NOT NULL OR recipient IS NOT NULL)
  RETURNING 1) SELECT count(*)::int AS n FROM d`;
const RECORDINGS_SQL = `WITH d AS (UPDATE conversations SET recording_url = NULL, stereo_recording_url = NULL
  WHERE tenant_id = $1 AND (recording_url IS NOT NULL OR stereo_recording_url IS NOT NULL) AND COALESCE(ended_at, started_at) < $2
  RETURNING 1) SELECT count(*)::int AS n FROM d`;

export interface RetentionOutcome {
  retentionDays: number | null;
  conversations: number;
  messages: number;
  toolCalls: number;
  reports: number;
  reportEmails: number;
  clientMessages: number;
  recordingRetentionDays: number;
  recordings: number;
}

type Tx = Parameters<Parameters<typeof inTenantTransaction>[2]>[0];
const one = async (tx: Tx, sql: string, values: unknown[]) => (await tx.query<{ n: number }>(sql, values))[0]?.n ?? 0;

/** Deletes the current tenant's content past its retentions at `now`; call inside runAsTenant. */
export async function enforceDataRetention(now: Date): Promise<RetentionOutcome> {
  const db = tenantDb();
  const tenant = await db.tenant.findFirst({ select: { id: true, status: true, settings: true, planRef: { select: { limits: true } } } });
  const days = tenant ? limitsInForce(parsePlanLimits(tenant.planRef?.limits), tenant.status).dataRetentionDays : null;
  const recordingDays = recordingSettingsOf(tenant?.settings).retentionDays;
  const outcome: RetentionOutcome = { retentionDays: days, conversations: 0, messages: 0, toolCalls: 0, reports: 0, reportEmails: 0, clientMessages: 0, recordingRetentionDays: recordingDays, recordings: 0 };
  if (!tenant) return outcome;
  const pool = tenantDb().pool;

  const recordingsBefore = new Date(now.getTime() - recordingDays * DAY_MS);
  outcome.recordings = await inTenantTransaction(pool, [], async (tx) => ({ closing: [], value: await one(tx, RECORDINGS_SQL, [tenant.id, recordingsBefore]) }));
  if (outcome.recordings > 0) {
    await recordAuditEvent(db, {
      action: "data.recordings_expired",
      actorKind: "system",
      target: `tenant:${tenant.id}`,
      metadata: { retentionDays: recordingDays, before: recordingsBefore.toISOString(), recordings: outcome.recordings },
    });
  }
  if (days === null) return outcome;

  const before = new Date(now.getTime() - days * DAY_MS);
  for (;;) {
    const batch = await inTenantTransaction(pool, [], async (tx) => {
      const ids = (await tx.query<{ id: string }>(EXPIRED_SQL, [tenant.id, before])).map((r) => r.id);
      if (!ids.length) return { closing: [], value: 0 };
      await tx.query(UNLINK_SQL, [tenant.id, ids]);
      outcome.messages += await one(tx, MESSAGES_SQL, [tenant.id, ids]);
      const conversations = await one(tx, CONVERSATIONS_SQL, [tenant.id, ids]);
      outcome.conversations += conversations;
      return { closing: [], value: conversations };
    });
    if (batch < BATCH) break;
  }
  await inTenantTransaction(pool, [], async (tx) => {
    outcome.messages += await one(tx, OLD_MESSAGES_SQL, [tenant.id, before]);
    outcome.toolCalls = await one(tx, TOOL_CALLS_SQL, [tenant.id, before]);
    outcome.reports = await one(tx, REPORTS_SQL, [tenant.id, before]);
    outcome.reportEmails = await one(tx, REPORT_EMAILS_SQL, [tenant.id, before]);
    outcome.clientMessages = await one(tx, OUTBOUND_SQL, [tenant.id, before]);
    return { closing: [], value: null };
  });
  if (outcome.conversations + outcome.messages + outcome.toolCalls + outcome.reports + outcome.reportEmails + outcome.clientMessages > 0) {
    await recordAuditEvent(db, {
      action: "data.retention_applied",
      actorKind: "system",
      target: `tenant:${tenant.id}`,
      metadata: {
        retentionDays: days,
        before: before.toISOString(),
        conversations: outcome.conversations,
        messages: outcome.messages,
        toolCalls: outcome.toolCalls,
        reports: outcome.reports,
        reportEmails: outcome.reportEmails,
        clientMessages: outcome.clientMessages,
      },
    });
  }
  return outcome;
}
