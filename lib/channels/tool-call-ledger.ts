import "server-only";
import type pg from "pg";
import { tenantDb } from "@/lib/db";
import { inTenantTransaction, type TenantTransaction } from "@/lib/db/tenant-transaction";
import { requireTenantId } from "@/lib/tenancy";

/*
 * Exactly-once Vapi tool calls, keyed by (tenant, toolCallId). Vapi re-sends
 * a tool call it got no timely answer for, sometimes while the first delivery
 * still runs; running the tool again would book twice, or tell the caller
 * that the slot they just took is taken.
 *
 * One transaction per tool call: its first statement claims the call
 * (INSERT … ON CONFLICT DO NOTHING), the tool runs inside it, and the outcome
 * is stored with COMMIT. Another delivery's claim waits on the uncommitted row
 * and then either finds it committed (it answers with the stored outcome) or
 * gone (the owner failed and rolled back: it runs the tool itself). A crashed
 * owner's transaction dies with its connection, so no claim is ever left
 * without its outcome. Deliveries in this process share the owner's promise.
 */

export interface ToolOutcome {
  result?: string;
  error?: string;
}

/** What the owner of a claim runs with: the call's conversation and the tenant's config version, read in the claim's round trip. */
export interface ToolCallClaim {
  conversationId: string | null;
  configVersion: number;
}

const inFlight = new Map<string, Promise<ToolOutcome>>();

/* Raw statements (tenant named as $1, row-level security as everywhere): a tool call is on the voice hot path. */
export const LEDGER_SQL = {
  /** Also opens the call's conversation and reads the config version, in the same round trip as BEGIN. */
  claim: `WITH conversation AS (
    INSERT INTO conversations (tenant_id, id, channel, external_id, updated_at)
    SELECT $1, gen_random_uuid(), 'voice', $4, now() WHERE $4::text IS NOT NULL
    ON CONFLICT (tenant_id, channel, external_id) DO UPDATE SET updated_at = now()
    RETURNING id),
  claimed AS (
    INSERT INTO vapi_tool_calls (tenant_id, id, tool_call_id, name, call_id) VALUES ($1, gen_random_uuid(), $2, $3, $4)
    ON CONFLICT (tenant_id, tool_call_id) DO NOTHING RETURNING id)
  SELECT (SELECT id FROM claimed) AS claimed, (SELECT id FROM conversation) AS "conversationId",
    (SELECT config_version FROM tenants WHERE id = $1) AS "configVersion"`,
  /** The outcome and the call's tool message, sent with COMMIT. */
  settle: `WITH settled AS (
    UPDATE vapi_tool_calls SET outcome = $3::jsonb, completed_at = now()
    WHERE tenant_id = $1 AND tool_call_id = $2 AND completed_at IS NULL RETURNING tenant_id)
  INSERT INTO messages (tenant_id, id, conversation_id, role, content, metadata, created_at)
  SELECT tenant_id, gen_random_uuid(), $4::uuid, 'tool', $5, $6::jsonb, now() FROM settled WHERE $4::uuid IS NOT NULL`,
  read: `SELECT outcome FROM vapi_tool_calls WHERE tenant_id = $1 AND tool_call_id = $2`,
} as const;

/** Answered while another delivery still holds the call past the lock timeout: Vapi asks again later. */
const STILL_RUNNING: ToolOutcome = { error: "This request is still being processed; please wait a moment and ask again." };

function asOutcome(value: unknown): ToolOutcome | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  if (typeof o.result === "string") return { result: o.result };
  if (typeof o.error === "string") return { error: o.error };
  return null;
}

interface ClaimRow {
  claimed: string | null;
  conversationId: string | null;
  configVersion: string | null;
}

/** Runs `run` for this toolCallId once, inside the claim's transaction; every delivery gets the same outcome. */
export function runToolCallOnce(
  toolCallId: string,
  name: string,
  callId: string | undefined,
  run: (owned: ToolCallClaim, tx: TenantTransaction) => Promise<ToolOutcome>,
): Promise<ToolOutcome> {
  const key = `${requireTenantId("A tool call")}:${toolCallId}`;
  const shared = inFlight.get(key);
  if (shared) return shared;
  const pending = deliver(toolCallId, name, callId, run).finally(() => inFlight.delete(key));
  inFlight.set(key, pending);
  return pending;
}

const isLockTimeout = (error: unknown) => (error as { code?: string } | null)?.code === "55P03";

async function deliver(
  toolCallId: string,
  name: string,
  callId: string | undefined,
  run: (owned: ToolCallClaim, tx: TenantTransaction) => Promise<ToolOutcome>,
): Promise<ToolOutcome> {
  const tenantId = requireTenantId("A tool call");
  const pool: pg.Pool = tenantDb().pool;
  let owned: ToolOutcome | null;
  try {
    owned = await inTenantTransaction(pool, [{ text: LEDGER_SQL.claim, values: [tenantId, toolCallId, name, callId ?? null] }], async (tx, opened) => {
      const row = opened[0]?.[0] as ClaimRow | undefined;
      if (!row?.claimed) return { closing: [], value: null, rollback: true };
      const outcome = await run({ conversationId: row.conversationId, configVersion: Number(row.configVersion ?? 0) }, tx);
      const content = outcome.result ?? outcome.error ?? "";
      const metadata = JSON.stringify({ tool: name, ok: outcome.result !== undefined });
      const values = [tenantId, toolCallId, JSON.stringify(outcome), row.conversationId, content, metadata];
      return { closing: [{ text: LEDGER_SQL.settle, values }], value: outcome };
    });
  } catch (error) {
    if (isLockTimeout(error)) return STILL_RUNNING;
    throw error;
  }
  if (owned) return owned;
  // The claim waited for the owner's commit (a rolled-back owner would have left the call to this one): its outcome is stored.
  const { rows } = await pool.query<{ outcome: unknown }>(LEDGER_SQL.read, [tenantId, toolCallId]);
  // No outcome: a row committed by an older release of this code, still its owner's.
  return asOutcome(rows[0]?.outcome) ?? STILL_RUNNING;
}
