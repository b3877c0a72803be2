import "server-only";
import { tenantDb } from "@/lib/db";
import type { OutboundKind } from "@/lib/db/generated/client";
import { requireTenantId } from "@/lib/tenancy";
import { tenantSql } from "./tenant-sql";

/*
 * Claiming outbox rows. A claim is a committed UPDATE of rows picked FOR
 * UPDATE SKIP LOCKED, so two workers never hold one row; a row is sent only
 * by the worker whose claim moved it from pending to sending. A row left in
 * sending past its claim (a worker died mid-send) is failed, not retried:
 * Twilio may already have it, and a duplicate is worse than a gap.
 */

const CLAIM_MINUTES = 10;
const BATCH = 25;

export interface ClaimedMessage {
  id: string;
  appointmentId: string;
  kind: OutboundKind;
  scheduledFor: Date;
  attempts: number;
  appointmentStatus: string;
  startsAt: Date;
  channel: "voice" | "whatsapp" | "web" | null;
  service: string;
  phone: string | null;
  email: string | null;
  /** A later booked/moved confirmation of the same appointment supersedes this one. */
  superseded: boolean;
}

const CLAIM = `WITH picked AS (
    SELECT id FROM outbound_messages
    WHERE tenant_id = $1 AND status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $2)
    ORDER BY scheduled_for, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
  UPDATE outbound_messages o SET status = 'sending', attempts = o.attempts + 1, claimed_until = $3, updated_at = now()
  FROM picked WHERE o.tenant_id = $1 AND o.id = picked.id
  RETURNING o.id, o.appointment_id AS "appointmentId", o.kind, o.scheduled_for AS "scheduledFor", o.attempts`;

const DETAILS = `SELECT o.id, a.status::text AS "appointmentStatus", a.starts_at AS "startsAt", a.channel::text AS channel,
    s.name AS service, c.phone, c.email,
    (o.kind IN ('booked', 'moved') AND EXISTS (SELECT 1 FROM outbound_messages l WHERE l.tenant_id = o.tenant_id
      AND l.appointment_id = o.appointment_id AND l.kind IN ('booked', 'moved') AND l.scheduled_for > o.scheduled_for)) AS superseded
  FROM outbound_messages o
  JOIN appointments a ON a.tenant_id = o.tenant_id AND a.id = o.appointment_id
  JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
  JOIN clients c ON c.tenant_id = a.tenant_id AND c.id = a.client_id
  WHERE o.tenant_id = $1 AND o.id = ANY($2::uuid[])`;

const ABANDON = `UPDATE outbound_messages SET status = 'failed', claimed_until = NULL, updated_at = now(),
    last_error = 'Interrupted while sending; not sent again so that the client never gets it twice'
  WHERE tenant_id = $1 AND status = 'sending' AND claimed_until < $2`;

export async function abandonStaleClaims(now: Date): Promise<void> {
  await tenantSql(ABANDON, [requireTenantId("Outbox"), now]);
}

type Claim = Pick<ClaimedMessage, "id" | "appointmentId" | "kind" | "scheduledFor" | "attempts">;

export async function claimDueMessages(now: Date): Promise<ClaimedMessage[]> {
  const tenantId = requireTenantId("Outbox");
  const claimed = await tenantSql<Claim>(CLAIM, [tenantId, now, new Date(now.getTime() + CLAIM_MINUTES * 60_000)]);
  if (!claimed.length) return [];
  const details = new Map((await tenantSql<ClaimedMessage>(DETAILS, [tenantId, claimed.map((c) => c.id)])).map((d) => [d.id, d]));
  return claimed.map((c) => ({ ...details.get(c.id)!, ...c }));
}

export type Outcome =
  | { status: "sent"; via: "whatsapp" | "email"; recipient: string; body: string; providerId: string | null }
  | { status: "skipped"; reason: string }
  | { status: "failed"; reason: string; via?: "whatsapp" | "email"; recipient?: string }
  | { status: "retry"; reason: string; at: Date };

/** Records what became of a claimed row; only the claim's own row, only while still claimed. */
export async function settleMessage(id: string, outcome: Outcome, now: Date): Promise<void> {
  const db = tenantDb();
  const where = { id, status: "sending" as const };
  if (outcome.status === "sent") {
    await db.outboundMessage.updateMany({
      where,
      data: { status: "sent", via: outcome.via, recipient: outcome.recipient, body: outcome.body, providerId: outcome.providerId, sentAt: now, claimedUntil: null, lastError: null },
    });
  } else if (outcome.status === "retry") {
    await db.outboundMessage.updateMany({ where, data: { status: "pending", nextAttemptAt: outcome.at, claimedUntil: null, lastError: outcome.reason } });
  } else {
    await db.outboundMessage.updateMany({
      where,
      data: { status: outcome.status, lastError: outcome.reason, claimedUntil: null, ...(outcome.status === "failed" ? { via: outcome.via ?? null, recipient: outcome.recipient ?? null } : {}) },
    });
  }
}
