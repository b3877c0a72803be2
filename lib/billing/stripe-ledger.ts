import "server-only";
import type pg from "pg";
import type { TenantTransaction } from "@/lib/db/tenant-transaction";
import { tenantDb } from "@/lib/db";

/*
 * The Stripe event ledger, keyed by event id. A delivery first claims the
 * event in its own short transaction (state processing, committed, so a
 * concurrent delivery sees it), then applies it: the state change and the
 * move to completed commit together, so an event is either fully applied
 * and completed, or not applied at all. A completed event is never applied
 * again; a failed one, or one left processing for over 5 minutes (a crashed
 * delivery), may be taken over by the next delivery, which bumps `attempts`
 * so the old holder can no longer complete it.
 */

export const STALE_CLAIM_MS = 5 * 60_000;

const CLAIM_SQL = `INSERT INTO stripe_events (tenant_id, id, type, state, attempts, event_created_at, claimed_at)
VALUES ($1, $2, $3, 'processing', 1, to_timestamp($4), $5)
ON CONFLICT (tenant_id, id) DO UPDATE
  SET state = 'processing', attempts = stripe_events.attempts + 1, claimed_at = EXCLUDED.claimed_at, error = NULL
  WHERE stripe_events.state = 'failed'
     OR (stripe_events.state = 'processing' AND stripe_events.claimed_at < EXCLUDED.claimed_at - make_interval(secs => $6))
RETURNING attempts`;

const STATE_SQL = `SELECT state FROM stripe_events WHERE tenant_id = $1 AND id = $2`;

export const COMPLETE_SQL = `UPDATE stripe_events SET state = 'completed', processed_at = $4, error = NULL
WHERE tenant_id = $1 AND id = $2 AND state = 'processing' AND attempts = $3 RETURNING id`;

const FAIL_SQL = `UPDATE stripe_events SET state = 'failed', error = left($4, 500)
WHERE tenant_id = $1 AND id = $2 AND state = 'processing' AND attempts = $3`;

export interface LedgerEvent {
  tenantId: string;
  id: string;
  type: string;
  created: number;
}

export type Claim = { kind: "claimed"; attempts: number } | { kind: "completed" } | { kind: "in_flight" };

/** Claims the event for this delivery; call inside the tenant's context. */
export async function claimEvent(e: LedgerEvent, now: Date): Promise<Claim> {
  const pool: pg.Pool = tenantDb().pool;
  const { rows } = await pool.query<{ attempts: number }>(CLAIM_SQL, [e.tenantId, e.id, e.type, e.created, now, STALE_CLAIM_MS / 1000]);
  if (rows[0]) return { kind: "claimed", attempts: rows[0].attempts };
  const state = (await pool.query<{ state: string }>(STATE_SQL, [e.tenantId, e.id])).rows[0]?.state;
  return state === "completed" ? { kind: "completed" } : { kind: "in_flight" };
}

/** Marks the claim completed inside the transaction that applies the event; false when the claim was taken over. */
export async function completeEvent(tx: TenantTransaction, e: LedgerEvent, attempts: number, now: Date): Promise<boolean> {
  return (await tx.query(COMPLETE_SQL, [e.tenantId, e.id, attempts, now])).length === 1;
}

/** Records why applying failed, so the next delivery may take the event over. */
export async function failEvent(e: LedgerEvent, attempts: number, error: unknown): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";
  const pool: pg.Pool = tenantDb().pool;
  await pool.query(FAIL_SQL, [e.tenantId, e.id, attempts, message]);
}
