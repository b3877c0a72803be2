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

/* Raw statements on the pool (tenant named as $1, row-level security as everywhere): a tool call is on the voice hot path. */
export const LEDGER_SQL = {
  claim: `INSERT INTO vapi_tool_calls (tenant_id, id, tool_call_id, name, call_id) VALUES ($1, gen_random_uuid(), $2, $3, $4)
  ON CONFLICT (tenant_id, tool_call_id) DO NOTHING RETURNING id`,
  settle: `UPDATE vapi_tool_calls SET outcome = $3::jsonb, completed_at = now()
  WHERE tenant_id = $1 AND tool_call_id = $2 AND completed_at IS NULL`,
  release: `DELETE FROM vapi_tool_calls WHERE tenant_id = $1 AND tool_call_id = $2 AND completed_at IS NULL`,
  read: `SELECT outcome, claimed_at AS "claimedAt" FROM vapi_tool_calls WHERE tenant_id = $1 AND tool_call_id = $2`,
  takeOver: `UPDATE vapi_tool_calls SET claimed_at = $4
  WHERE tenant_id = $1 AND tool_call_id = $2 AND completed_at IS NULL AND claimed_at = $3 RETURNING id`,
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

async function claim(toolCallId: string, name: string, callId: string | undefined): Promise<boolean> {
  return (await sql(LEDGER_SQL.claim, [toolCallId, name, callId ?? null])).length === 1;
}

async function settle(toolCallId: string, outcome: ToolOutcome): Promise<void> {
  await sql(LEDGER_SQL.settle, [toolCallId, JSON.stringify(outcome)]);
}

async function release(toolCallId: string): Promise<void> {
  await sql(LEDGER_SQL.release, [toolCallId]);
}

/** Runs `run` for this toolCallId once; every delivery gets the same outcome. */
export function runToolCallOnce(
  toolCallId: string,
  name: string,
  callId: string | undefined,
  run: () => Promise<ToolOutcome>,
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
  run: () => Promise<ToolOutcome>,
  { pause = realPause, now = Date.now }: LedgerOptions,
): Promise<ToolOutcome> {
  const own = async () => {
    let outcome: ToolOutcome;
    try {
      outcome = await run();
    } catch (error) {
      await release(toolCallId).catch(() => undefined);
      throw error;
    }
    await settle(toolCallId, outcome);
    return outcome;
  };
  if (await claim(toolCallId, name, callId)) return own();

  const deadline = now() + WAIT_LIMIT_MS;
  for (;;) {
    const [row] = await sql<{ outcome: unknown; claimedAt: Date }>(LEDGER_SQL.read, [toolCallId]);
    if (!row) {
      // The owner failed and released its claim: this delivery tries in its place.
      if (await claim(toolCallId, name, callId)) return own();
      continue;
    }
    const stored = asOutcome(row.outcome);
    if (stored) return stored;
    if (now() - row.claimedAt.getTime() > STALE_CLAIM_MS) {
      const taken = await sql(LEDGER_SQL.takeOver, [toolCallId, row.claimedAt, new Date(now())]);
      if (taken.length === 1) return own();
    }
    if (now() >= deadline) return { error: "This request is still being processed; please wait a moment and ask again." };
    await pause(POLL_MS);
  }
}
