import "server-only";
import type pg from "pg";
import { tenantDb } from "@/lib/db";
import { requireTenantId } from "@/lib/tenancy";

/*
 * Exactly-once Vapi tool calls, keyed by (tenant, toolCallId). Vapi re-sends
 * a tool call it got no timely answer for, sometimes while the first delivery
 * still runs; running the tool again would book twice, or tell the caller
 * that the slot they just took is taken. So:
 *
 *   claim   INSERT … ON CONFLICT DO NOTHING — the first delivery owns the call;
 *   run     only the owner runs the tool;
 *   settle  the owner stores the outcome (result or error) on the row;
 *   replay  every other delivery answers with the stored outcome, waiting for
 *           it while the owner runs: in-process through a shared promise,
 *           across instances by reading the row again.
 *
 * An owner that fails on our side (a thrown error, not an answer of the
 * tool's) releases its claim, so a retry may run the tool again. A claim left
 * behind by a crashed instance is taken over after STALE_CLAIM_MS.
 */

export interface ToolOutcome {
  result?: string;
  error?: string;
}

const STALE_CLAIM_MS = 60_000;
/** Vapi gives up on a tool call after about 20 s; a waiting delivery gives up a little before. */
const WAIT_LIMIT_MS = 15_000;
const POLL_MS = 100;

const inFlight = new Map<string, Promise<ToolOutcome>>();

export interface LedgerOptions {
  /** How a waiting delivery pauses between reads of the row (tests pass their own clock). */
  pause?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realPause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What the owner of a claim runs with: the call's conversation and the tenant's config version, read in the claim's round trip. */
export interface ToolCallClaim {
  conversationId: string | null;
  configVersion: number;
}

/*
 * Raw statements on the pool (tenant named as $1, row-level security as
 * everywhere): a tool call is on the voice hot path, so the claim also opens
 * the call's conversation and reads the config version, and the settlement
 * writes the tool message, only if this delivery settled the call.
 */
export const LEDGER_SQL = {
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
  settle: `WITH settled AS (
    UPDATE vapi_tool_calls SET outcome = $3::jsonb, completed_at = now()
    WHERE tenant_id = $1 AND tool_call_id = $2 AND completed_at IS NULL RETURNING tenant_id)
  INSERT INTO messages (tenant_id, id, conversation_id, role, content, metadata, created_at)
  SELECT tenant_id, gen_random_uuid(), $4::uuid, 'tool', $5, $6::jsonb, now() FROM settled WHERE $4::uuid IS NOT NULL`,
  release: `DELETE FROM vapi_tool_calls WHERE tenant_id = $1 AND tool_call_id = $2 AND completed_at IS NULL`,
  read: `SELECT outcome, claimed_at AS "claimedAt" FROM vapi_tool_calls WHERE tenant_id = $1 AND tool_call_id = $2`,
  takeOver: `WITH taken AS (
    UPDATE vapi_tool_calls SET claimed_at = $4
    WHERE tenant_id = $1 AND tool_call_id = $2 AND completed_at IS NULL AND claimed_at = $3 RETURNING call_id)
  SELECT c.id AS "conversationId", (SELECT config_version FROM tenants WHERE id = $1) AS "configVersion"
  FROM taken LEFT JOIN conversations c ON c.tenant_id = $1 AND c.channel = 'voice' AND c.external_id = taken.call_id`,
} as const;

async function sql<R>(text: string, values: unknown[]): Promise<R[]> {
  const pool: pg.Pool = tenantDb().pool;
  return (await pool.query(text, [requireTenantId("A tool call"), ...values])).rows as R[];
}

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

const claimOf = (row: { conversationId: string | null; configVersion: string | null }): ToolCallClaim => ({
  conversationId: row.conversationId,
  configVersion: Number(row.configVersion ?? 0),
});

/** The claim when this delivery owns the call, null when another one does. */
async function claim(toolCallId: string, name: string, callId: string | undefined): Promise<ToolCallClaim | null> {
  const [row] = await sql<ClaimRow>(LEDGER_SQL.claim, [toolCallId, name, callId ?? null]);
  return row?.claimed ? claimOf(row) : null;
}

/** Stores the outcome and, in the same statement, the call's tool message. */
async function settle(toolCallId: string, name: string, outcome: ToolOutcome, owned: ToolCallClaim): Promise<void> {
  const content = outcome.result ?? outcome.error ?? "";
  const metadata = JSON.stringify({ tool: name, ok: outcome.result !== undefined });
  await sql(LEDGER_SQL.settle, [toolCallId, JSON.stringify(outcome), owned.conversationId, content, metadata]);
}

async function release(toolCallId: string): Promise<void> {
  await sql(LEDGER_SQL.release, [toolCallId]);
}

/** Runs `run` for this toolCallId once; every delivery gets the same outcome. */
export function runToolCallOnce(
  toolCallId: string,
  name: string,
  callId: string | undefined,
  run: (owned: ToolCallClaim) => Promise<ToolOutcome>,
  options: LedgerOptions = {},
): Promise<ToolOutcome> {
  const key = `${requireTenantId("A tool call")}:${toolCallId}`;
  const shared = inFlight.get(key);
  if (shared) return shared;
  const pending = deliver(toolCallId, name, callId, run, options).finally(() => inFlight.delete(key));
  inFlight.set(key, pending);
  return pending;
}

async function deliver(
  toolCallId: string,
  name: string,
  callId: string | undefined,
  run: (owned: ToolCallClaim) => Promise<ToolOutcome>,
  { pause = realPause, now = Date.now }: LedgerOptions,
): Promise<ToolOutcome> {
  const own = async (owned: ToolCallClaim) => {
    let outcome: ToolOutcome;
    try {
      outcome = await run(owned);
    } catch (error) {
      await release(toolCallId).catch(() => undefined);
      throw error;
    }
    await settle(toolCallId, name, outcome, owned);
    return outcome;
  };
  const first = await claim(toolCallId, name, callId);
  if (first) return own(first);

  const deadline = now() + WAIT_LIMIT_MS;
  for (;;) {
    const [row] = await sql<{ outcome: unknown; claimedAt: Date }>(LEDGER_SQL.read, [toolCallId]);
    if (!row) {
      // The owner failed and released its claim: this delivery tries in its place.
      const owned = await claim(toolCallId, name, callId);
      if (owned) return own(owned);
      continue;
    }
    const stored = asOutcome(row.outcome);
    if (stored) return stored;
    if (now() - row.claimedAt.getTime() > STALE_CLAIM_MS) {
      const [taken] = await sql<{ conversationId: string | null; configVersion: string | null }>(LEDGER_SQL.takeOver, [
        toolCallId,
        row.claimedAt,
        new Date(now()),
      ]);
      if (taken) return own(claimOf(taken));
    }
    if (now() >= deadline) return { error: "This request is still being processed; please wait a moment and ask again." };
    await pause(POLL_MS);
  }
}
