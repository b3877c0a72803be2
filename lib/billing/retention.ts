import "server-only";
import { recordAuditEvent } from "@/lib/audit";
import { tenantDb } from "@/lib/db";
import { inTenantTransaction } from "@/lib/db/tenant-transaction";
import { limitsInForce, parsePlanLimits } from "./plan-catalogue";
import { DAY_MS } from "./lifecycle";

/*
 * The plan's data retention, enforced daily per tenant (jobs.ts, in the
 * tenant's context so RLS applies): conversations whose last activity (start,
 * end, last update or last message) is older than the plan's retention are
 * deleted with their messages. Appointments and clients stay; an appointment
 * only loses its link to the deleted conversation. One audit event with the
 * counts, never the content.
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

export interface RetentionOutcome {
  retentionDays: number | null;
  conversations: number;
  messages: number;
}

/** Deletes the current tenant's conversations past the plan's retention at `now`; call inside runAsTenant. */
export async function enforceDataRetention(now: Date): Promise<RetentionOutcome> {
  const db = tenantDb();
  const tenant = await db.tenant.findFirst({ select: { id: true, status: true, planRef: { select: { limits: true } } } });
  const days = tenant ? limitsInForce(parsePlanLimits(tenant.planRef?.limits), tenant.status).dataRetentionDays : null;
  const outcome: RetentionOutcome = { retentionDays: days, conversations: 0, messages: 0 };
  if (!tenant || days === null) return outcome;
  const before = new Date(now.getTime() - days * DAY_MS);
  for (;;) {
    const batch = await inTenantTransaction(tenantDb().pool, [], async (tx) => {
      const ids = (await tx.query<{ id: string }>(EXPIRED_SQL, [tenant.id, before])).map((r) => r.id);
      if (!ids.length) return { closing: [], value: 0 };
      await tx.query(UNLINK_SQL, [tenant.id, ids]);
      const [messages] = await tx.query<{ n: number }>(MESSAGES_SQL, [tenant.id, ids]);
      const [conversations] = await tx.query<{ n: number }>(CONVERSATIONS_SQL, [tenant.id, ids]);
      outcome.messages += messages?.n ?? 0;
      outcome.conversations += conversations?.n ?? 0;
      return { closing: [], value: conversations?.n ?? 0 };
    });
    if (batch < BATCH) break;
  }
  if (outcome.conversations > 0) {
    await recordAuditEvent(db, {
      action: "data.retention_applied",
      actorKind: "system",
      target: `tenant:${tenant.id}`,
      metadata: { retentionDays: days, before: before.toISOString(), conversations: outcome.conversations, messages: outcome.messages },
    });
  }
  return outcome;
}
