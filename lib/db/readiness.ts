import "server-only";
import { isShuttingDown } from "@/lib/observability/graceful-shutdown";
import { runInRequestScope } from "@/lib/observability/request-scope";
import { appPools } from "./app-database";
import type { TenantScopedPool } from "./tenant-scoped-pool";

/*
 * Readiness, unlike liveness (/api/health): can this instance serve requests
 * now? For each pool the requests use: with a connection free, a trivial
 * statement must come back through the pool within READY_TIMEOUT_MS; with
 * every connection busy, the probe does not queue behind real traffic, but
 * some connection must have come back within that time (a full pool that
 * moves is busy, one that does not is stuck or waiting on a stalled
 * database). A shutting-down instance is not ready.
 */

export type PoolReadiness = { pool: string; ready: true } | { pool: string; ready: false; reason: "unreachable" | "saturated" };

export interface Readiness {
  ready: boolean;
  reason?: "shutting_down";
  pools: PoolReadiness[];
}

export function readyTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.READY_TIMEOUT_MS);
  return Number.isInteger(value) && value >= 50 && value <= 60_000 ? value : 1_000;
}

async function probe(name: string, pool: TenantScopedPool, timeoutMs: number): Promise<PoolReadiness> {
  const max = pool.options.max ?? 10;
  if (pool.idleCount === 0 && pool.totalCount >= max) {
    const moving = Date.now() - pool.lastReleasedAt <= timeoutMs;
    return moving ? { pool: name, ready: true } : { pool: name, ready: false, reason: "saturated" };
  }
  // The probe's own deadline bounds both the wait for a connection and the reply.
  const scope = { requestId: "readiness-probe", route: "/api/ready", channel: "probe", deadlineAt: Date.now() + timeoutMs };
  try {
    await runInRequestScope(scope, () => Promise.race([pool.query("SELECT 1"), expiry(timeoutMs)]));
    return { pool: name, ready: true };
  } catch {
    return { pool: name, ready: false, reason: "unreachable" };
  }
}

function expiry(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("readiness probe timed out")), ms).unref());
}

export async function checkReadiness(timeoutMs = readyTimeoutMs()): Promise<Readiness> {
  if (isShuttingDown()) return { ready: false, reason: "shutting_down", pools: [] };
  const pools = await Promise.all(Object.entries(appPools()).map(([name, pool]) => probe(name, pool, timeoutMs)));
  return { ready: pools.every((p) => p.ready), pools };
}
