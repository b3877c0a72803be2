import "server-only";
import pg from "pg";
import { z } from "zod";

/*
 * Configuration changes as they commit, from PostgreSQL's LISTEN/NOTIFY on
 * "frontdesk_config" (raised by triggers, see the tenant_config_version
 * migration). One dedicated connection per pool, outside the pool. While it
 * is down (server restart, or LISTEN unavailable because the pool goes
 * through PgBouncer in transaction mode), `live` is false and caches fall
 * back to their time bound; when it comes back, `reset` tells them that
 * anything may have been missed.
 */

export interface ConfigChange {
  tenantId: string;
  /** 0 when the tenant was deleted. */
  version: number;
  /** The table whose write bumped the version ("tenants", "channel_routes", …, or "deleted"). */
  table: string;
}

export interface ConfigEvents {
  readonly live: boolean;
  onChange(listener: (change: ConfigChange) => void): () => void;
  onReset(listener: () => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = "frontdesk_config";
const PAYLOAD = /^([0-9a-f-]{36}):(\d+):([a-z_]+)$/;

const envSchema = z.object({
  CONFIG_LISTEN: z.enum(["on", "off"]).default("on"),
  CONFIG_LISTEN_URL: z.string().min(1).optional(),
});

interface ListenTarget {
  connectionString?: string;
  /** The pool's own settings, when no URL is configured. */
  poolOptions: pg.PoolConfig;
}

export function parseConfigChange(payload: string | undefined): ConfigChange | null {
  const m = payload?.match(PAYLOAD);
  return m ? { tenantId: m[1]!, version: Number(m[2]), table: m[3]! } : null;
}

/** A listener that never connects: every cache using it stays on its time bound. */
export const NO_CONFIG_EVENTS: ConfigEvents = {
  live: false,
  onChange: () => () => undefined,
  onReset: () => () => undefined,
  close: async () => undefined,
};

function startListening(target: ListenTarget): ConfigEvents {
  const changeListeners = new Set<(change: ConfigChange) => void>();
  const resetListeners = new Set<() => void>();
  let live = false;
  let closed = false;
  let client: pg.Client | null = null;
  let backoffMs = 500;
  let timer: NodeJS.Timeout | undefined;

  const lost = () => {
    live = false;
    client = null;
    if (closed) return;
    timer = setTimeout(connect, backoffMs);
    timer.unref();
    backoffMs = Math.min(backoffMs * 2, 30_000);
  };

  async function connect(): Promise<void> {
    const c = new pg.Client(target.connectionString ? { connectionString: target.connectionString } : target.poolOptions);
    c.on("error", () => undefined);
    c.on("end", () => {
      if (client === c) lost();
    });
    c.on("notification", (message) => {
      const change = parseConfigChange(message.payload);
      if (change) for (const listener of changeListeners) listener(change);
    });
    try {
      await c.connect();
      // The listening socket must not keep a script or a test worker alive.
      (c as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      await c.query(`LISTEN ${CHANNEL}`);
      if (closed) return void (await c.end().catch(() => undefined));
      client = c;
      live = true;
      backoffMs = 500;
      for (const listener of resetListeners) listener();
    } catch {
      await c.end().catch(() => undefined);
      lost();
    }
  }

  void connect();
  return {
    get live() {
      return live;
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onReset(listener) {
      resetListeners.add(listener);
      return () => resetListeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      live = false;
      await client?.end().catch(() => undefined);
    },
  };
}

const byPool = new WeakMap<pg.Pool, ConfigEvents>();

/**
 * The configuration events of the database behind `pool` (one listener per
 * pool). CONFIG_LISTEN=off turns listening off; CONFIG_LISTEN_URL listens on
 * a direct connection when the pool goes through a transaction pooler.
 */
export function configEventsFor(pool: pg.Pool, options: { listen?: boolean; ownDatabaseOnly?: boolean } = {}): ConfigEvents {
  // A pool over several cells (cell-routing-pool.ts) hears every cell's database.
  const routed = (pool as { cellConfigEvents?: () => ConfigEvents }).cellConfigEvents;
  if (routed && !options.ownDatabaseOnly && options.listen !== false) return routed();
  let events = byPool.get(pool);
  if (events) return events;
  const env = envSchema.parse({
    CONFIG_LISTEN: process.env.CONFIG_LISTEN || undefined,
    CONFIG_LISTEN_URL: process.env.CONFIG_LISTEN_URL || undefined,
  });
  const poolOptions = (pool as unknown as { options: pg.PoolConfig }).options;
  // The embedded dev server serves one session at a time: a listening connection would hold it for good.
  const embedded = process.env.FRONTDESK_EMBEDDED_DB === "1";
  events =
    options.listen === false || env.CONFIG_LISTEN === "off" || embedded
      ? NO_CONFIG_EVENTS
      : startListening({ ...(env.CONFIG_LISTEN_URL ? { connectionString: env.CONFIG_LISTEN_URL } : {}), poolOptions });
  byPool.set(pool, events);
  return events;
}
