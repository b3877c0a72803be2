import type pg from "pg";
import type { ConfigEvents } from "@/lib/db/config-events";

/*
 * Which cell holds a tenant, from the control plane's tenants row, cached per
 * process. An entry follows the row's config_version: changing the cell or
 * the freeze bumps it and announces it (frontdesk_config), so every process
 * drops its entry when the change commits; without announcements an entry
 * lives CELL_DIRECTORY_TTL_MS at most. A hit costs no query.
 */

export type CellState = "serving" | "frozen";

export interface CellEntry {
  cell: string;
  state: CellState;
  frozenAt: Date | null;
  version: number;
}

/** The tenant stayed frozen longer than a request may wait (a move that stalled). */
export class TenantMovingError extends Error {
  readonly code = "tenant_moving";
  constructor(readonly tenantId: string) {
    super("This workspace is moving to another database; try again in a few seconds");
    this.name = "TenantMovingError";
  }
}

export interface CellDirectory {
  /** The tenant's entry, read on a miss; null for a tenant the directory does not know. */
  entry(tenantId: string): Promise<CellEntry | null>;
  /** The cached entry, if fresh, without waiting. */
  peek(tenantId: string): CellEntry | undefined;
  /** Records what a lookup that also returned the cell (a webhook's route) read. */
  prime(tenantId: string, entry: CellEntry): void;
  invalidate(tenantId: string): void;
  /** Waits while the tenant is frozen, up to `maxWaitMs`; then TenantMovingError. */
  awaitServing(tenantId: string, maxWaitMs?: number): Promise<CellEntry | null>;
}

export interface CellDirectoryOptions {
  /** Runs a statement on the control plane outside any tenant context. */
  query(sql: string, params: unknown[]): Promise<pg.QueryResult>;
  events: ConfigEvents;
  ttlMs?: number;
  /** How long a request waits for a freeze to end (read at each wait). */
  freezeWaitMs?: () => number;
  /** How often a waiting request looks again (the announcement usually ends the wait first). */
  pollMs?: number;
  now?: () => number;
}

interface Cached {
  entry: CellEntry;
  at: number;
}

export function cellEntryOf(row: { cell: string; cell_state: string; cell_frozen_at: Date | null; config_version: string | number | bigint }): CellEntry {
  return {
    cell: row.cell,
    state: row.cell_state === "frozen" ? "frozen" : "serving",
    frozenAt: row.cell_frozen_at,
    version: Number(row.config_version),
  };
}

export function createCellDirectory(options: CellDirectoryOptions): CellDirectory {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 5_000;
  const entries = new Map<string, Cached>();
  const waiters = new Map<string, Set<() => void>>();

  const wake = (tenantId: string) => {
    for (const w of waiters.get(tenantId) ?? []) w();
  };
  options.events.onChange((change) => {
    if (change.table !== "tenants" && change.table !== "deleted") return;
    const hit = entries.get(change.tenantId);
    if (hit && (change.version === 0 || hit.entry.version < change.version)) entries.delete(change.tenantId);
    wake(change.tenantId);
  });
  options.events.onReset(() => entries.clear());

  function peek(tenantId: string): CellEntry | undefined {
    const hit = entries.get(tenantId);
    if (!hit) return undefined;
    // Announcements keep a live entry true; a long bound still re-reads in case one was lost.
    if (now() - hit.at < (options.events.live ? 10 * 60_000 : ttlMs)) return hit.entry;
    entries.delete(tenantId);
    return undefined;
  }

  function prime(tenantId: string, entry: CellEntry): void {
    const hit = entries.get(tenantId);
    if (hit && hit.entry.version > entry.version) return;
    if (entries.size >= 100_000) entries.delete(entries.keys().next().value!);
    entries.set(tenantId, { entry, at: now() });
  }

  async function read(tenantId: string): Promise<CellEntry | null> {
    const { rows } = await options.query("SELECT * FROM tenant_cell($1)", [tenantId]);
    const row = rows[0] as Parameters<typeof cellEntryOf>[0] | undefined;
    if (!row) return null;
    const entry = cellEntryOf(row);
    prime(tenantId, entry);
    return entry;
  }

  async function entry(tenantId: string): Promise<CellEntry | null> {
    return peek(tenantId) ?? read(tenantId);
  }

  async function awaitServing(tenantId: string, maxWaitMs = options.freezeWaitMs?.() ?? 5_000): Promise<CellEntry | null> {
    const until = now() + maxWaitMs;
    let current = await entry(tenantId);
    while (current?.state === "frozen") {
      if (now() >= until) throw new TenantMovingError(tenantId);
      await new Promise<void>((resolve) => {
        const set = waiters.get(tenantId) ?? new Set();
        waiters.set(tenantId, set);
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          if (!set.size) waiters.delete(tenantId);
          resolve();
        };
        const timer = setTimeout(done, Math.min(options.pollMs ?? 100, Math.max(1, until - now())));
        set.add(done);
      });
      entries.delete(tenantId);
      current = await read(tenantId);
    }
    return current;
  }

  return { entry, peek, prime, invalidate: (tenantId) => entries.delete(tenantId), awaitServing };
}
