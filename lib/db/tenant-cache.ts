import "server-only";
import { z } from "zod";
import type { ConfigEvents } from "./config-events";

/*
 * A per-tenant, per-process cache of configuration, each entry stamped with
 * the tenant's config_version it was read at. An entry is dropped when a
 * newer version is announced (config-events), when a caller saw a newer
 * version itself (`atLeast`), and, while announcements are not being
 * received, once it is older than CONFIG_CACHE_TTL_MS. So a stale answer
 * lasts at most the announcement's delivery time, or that bound without it.
 */

/**
 * A request acted on configuration older than the database's: thrown before
 * anything is written, so the caller can re-read the configuration and retry.
 */
export class ConfigChangedError extends Error {
  constructor(readonly version: number) {
    super("The tenant's configuration changed while the request was being admitted");
    this.name = "ConfigChangedError";
  }
}

export interface Versioned<T> {
  version: number;
  value: T;
}

export interface TenantCache<T> {
  /** The tenant's entry, loaded if missing, stale or older than `atLeast`. */
  get(tenantId: string, atLeast?: number): Promise<Versioned<T>>;
  invalidate(tenantId: string): void;
  clear(): void;
}

export interface TenantCacheOptions<T> {
  events: ConfigEvents;
  /** Reads the tenant's configuration; must read the version before the rest. */
  load(tenantId: string): Promise<Versioned<T>>;
  /** Tables whose changes concern this cache; all when omitted. */
  tables?: readonly string[];
  ttlMs?: number;
  maxEntries?: number;
}

const envSchema = z.object({ CONFIG_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000) });

/** How long an entry may be used while change announcements are not being received. */
export function configCacheTtlMs(): number {
  return envSchema.parse({ CONFIG_CACHE_TTL_MS: process.env.CONFIG_CACHE_TTL_MS || undefined }).CONFIG_CACHE_TTL_MS;
}

/** Even with announcements, an entry is re-read now and then, in case one was lost in flight. */
const MAX_AGE_MS = 10 * 60_000;

interface Entry<T> {
  loaded: Versioned<T>;
  at: number;
}

export function createTenantCache<T>(options: TenantCacheOptions<T>, now: () => number = Date.now): TenantCache<T> {
  const ttlMs = options.ttlMs ?? configCacheTtlMs();
  const maxEntries = options.maxEntries ?? 20_000;
  const entries = new Map<string, Entry<T>>();
  const loading = new Map<string, Promise<Versioned<T>>>();
  /** Highest version announced per tenant, so a load that raced an announcement is not kept. */
  const announced = new Map<string, number>();

  options.events.onChange((change) => {
    if (options.tables && change.table !== "deleted" && !options.tables.includes(change.table)) return;
    announced.set(change.tenantId, Math.max(announced.get(change.tenantId) ?? 0, change.version));
    const entry = entries.get(change.tenantId);
    if (entry && (change.version === 0 || entry.loaded.version < change.version)) entries.delete(change.tenantId);
  });
  options.events.onReset(() => {
    entries.clear();
    announced.clear();
  });

  function fresh(entry: Entry<T>, atLeast: number | undefined): boolean {
    const age = now() - entry.at;
    if (atLeast !== undefined && entry.loaded.version < atLeast) return false;
    return age < (options.events.live ? MAX_AGE_MS : ttlMs);
  }

  async function load(tenantId: string): Promise<Versioned<T>> {
    const started = now();
    const loaded = await options.load(tenantId);
    if (loaded.version >= (announced.get(tenantId) ?? 0)) {
      entries.delete(tenantId);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(tenantId, { loaded, at: started });
    }
    return loaded;
  }

  return {
    async get(tenantId, atLeast) {
      const entry = entries.get(tenantId);
      if (entry && fresh(entry, atLeast)) return entry.loaded;
      let pending = loading.get(tenantId);
      if (!pending) {
        pending = load(tenantId).finally(() => loading.delete(tenantId));
        loading.set(tenantId, pending);
      }
      const loaded = await pending;
      // A load that started before the version the caller saw may still be older: read again.
      return atLeast !== undefined && loaded.version < atLeast ? load(tenantId) : loaded;
    },
    invalidate(tenantId) {
      entries.delete(tenantId);
    },
    clear() {
      entries.clear();
    },
  };
}
