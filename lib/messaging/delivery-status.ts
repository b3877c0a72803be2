import "server-only";
import { tenantDb } from "@/lib/db";
import { requireTenantId } from "@/lib/tenancy";
import { tenantSql } from "./tenant-sql";

/*
 * Twilio's delivery status callbacks arrive more than once and out of order.
 * A status is stored only when it is further along than the stored one
 * (queued < sending < sent < delivered < read); failed and undelivered are
 * final, and nothing replaces them.
 */

const RANK: Record<string, number> = {
  accepted: 1,
  scheduled: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  failed: 9,
  undelivered: 9,
  canceled: 9,
};

const rankSql = (column: string) =>
  `CASE ${column} ${Object.entries(RANK).map(([s, r]) => `WHEN '${s}' THEN ${r}`).join(" ")} ELSE 0 END`;

const APPLY = `UPDATE outbound_messages SET delivery_status = $3, delivery_status_at = $4, updated_at = now(),
    last_error = CASE WHEN $3 IN ('failed', 'undelivered') THEN 'WhatsApp could not deliver the message (' || $3 || ')' ELSE last_error END
  WHERE tenant_id = $1 AND provider_id = $2 AND (delivery_status IS NULL OR (${rankSql("delivery_status")} < 9 AND ${rankSql("delivery_status")} < ${rankSql("$3::text")}))
  RETURNING id`;

export type StatusApplied = "applied" | "older" | "unknown_message";

/** Applies a status of the current tenant's message `providerId`. */
export async function applyDeliveryStatus(providerId: string, status: string, at: Date): Promise<StatusApplied> {
  if (!(status in RANK)) return "older";
  const tenantId = requireTenantId("Delivery status");
  const rows = await tenantSql(APPLY, [tenantId, providerId, status, at]);
  if (rows.length) return "applied";
  const known = await tenantDb().outboundMessage.findFirst({ where: { providerId }, select: { id: true } });
  return known ? "older" : "unknown_message";
}
