import "server-only";
import pg from "pg";
import { cellsConfig, cellUrls, DEFAULT_CELL, type CellsConfig } from "@/lib/cells/cell-config";
import { createCellDirectory, type CellDirectory } from "@/lib/cells/directory";
import { registerPoolMetrics } from "@/lib/observability/metrics";
import { configCacheTtlMs } from "./tenant-cache";
import { configEventsFor, type ConfigChange, type ConfigEvents } from "./config-events";
import { databaseUrls } from "./database-urls";
import { createPlatformAccess, type PlatformAccess } from "./platform-db";
import { createPool, type PoolOptions } from "./tenant-db";
import type { TenantScopedPool } from "./tenant-scoped-pool";
import type { CellRoute } from "./cell-routing-pool";

/*
 * The per-cell pools behind the app's clients (issue 16), created on first
 * use and cached on globalThis like app-database's. A cell whose database is
 * the control plane's own shares the control plane's pools.
 */

interface CellDatabases {
  directory?: CellDirectory;
  directoryPool?: pg.Pool;
  app: Map<string, TenantScopedPool>;
  platform: Map<string, PlatformAccess>;
  events?: ConfigEvents;
}

const globalKey = Symbol.for("frontdesk.cell-databases");
const store = ((globalThis as Record<symbol, CellDatabases>)[globalKey] ??= { app: new Map(), platform: new Map() });

function sharesControlPlane(cell: string, config: CellsConfig = cellsConfig()): boolean {
  const control = new URL(databaseUrls().migration);
  const own = new URL(cellUrls(cell, config).owner);
  return control.host === own.host && control.pathname === own.pathname;
}

/** Cells that need pools of their own (not the control plane's database). */
export function separateCells(): string[] {
  const config = cellsConfig();
  return [...config.cells.keys()].filter((cell) => !sharesControlPlane(cell, config));
}

/** The directory of tenants' cells, reading the control plane through a small pool of its own (never in a tenant context). */
export function cellDirectory(): CellDirectory {
  if (!store.directory) {
    const urls = databaseUrls();
    store.directoryPool = new pg.Pool({ connectionString: urls.app, max: 2, connectionTimeoutMillis: urls.connectTimeoutMs });
    store.directoryPool.on("error", () => undefined);
    const pool = store.directoryPool;
    store.directory = createCellDirectory({
      query: (sql, params) => pool.query(sql, params),
      events: configEventsFor(pool),
      ttlMs: configCacheTtlMs(),
      freezeWaitMs: () => Number(process.env.CELL_FREEZE_WAIT_MS || 5_000),
    });
  }
  return store.directory;
}

/** The app-role pool of a cell; null when the cell is the control plane's database. */
export function cellAppPool(cell: string, options: Omit<PoolOptions, "url">): TenantScopedPool | null {
  if (sharesControlPlane(cell)) return null;
  let pool = store.app.get(cell);
  if (!pool) {
    pool = createPool({ ...options, url: cellUrls(cell).app });
    store.app.set(cell, pool);
    registerPoolMetrics(`app_${cell}`, pool);
  }
  return pool;
}

/** Where the app pool sends a tenant's statements: its cell, after any freeze is over. */
export function cellRoute(options: Omit<PoolOptions, "url">): CellRoute {
  const directory = cellDirectory();
  return (tenantId) => {
    const hit = directory.peek(tenantId);
    if (hit && hit.state === "serving") return cellAppPool(hit.cell, options);
    return directory.awaitServing(tenantId).then((entry) => cellAppPool(entry?.cell ?? DEFAULT_CELL, options));
  };
}

/** The platform role's audited access to one cell (the control plane's own for a cell in its database). */
export function cellPlatformAccess(cell: string, controlPlane: () => PlatformAccess, options: Omit<PoolOptions, "url">): PlatformAccess {
  if (sharesControlPlane(cell)) return controlPlane();
  let access = store.platform.get(cell);
  if (!access) {
    access = createPlatformAccess({ ...options, url: cellUrls(cell).platform });
    store.platform.set(cell, access);
  }
  return access;
}

/** Configuration changes from every cell's database, for the caches of tenant-owned configuration. */
export function cellConfigEvents(controlPlanePool: pg.Pool, options: Omit<PoolOptions, "url">): ConfigEvents {
  if (store.events) return store.events;
  const sources = [controlPlanePool, ...separateCells().map((cell) => cellAppPool(cell, options)!)].map((p) => configEventsFor(p, { ownDatabaseOnly: true }));
  return (store.events = mergeEvents(sources));
}

/** The first source is the control plane's, shared with other caches: closing the merge leaves it open. */
function mergeEvents(sources: ConfigEvents[]): ConfigEvents {
  return {
    get live() {
      return sources.every((s) => s.live);
    },
    onChange(listener: (change: ConfigChange) => void) {
      const offs = sources.map((s) => s.onChange(listener));
      return () => offs.forEach((off) => off());
    },
    onReset(listener: () => void) {
      const offs = sources.map((s) => s.onReset(listener));
      return () => offs.forEach((off) => off());
    },
    close: async () => void (await Promise.allSettled(sources.slice(1).map((s) => s.close()))),
  };
}

/** Closes the cells' own pools (graceful shutdown, tests). */
export async function closeCellDatabases(): Promise<void> {
  const { app, platform, directoryPool, events } = store;
  store.app = new Map();
  store.platform = new Map();
  store.directory = undefined;
  store.directoryPool = undefined;
  store.events = undefined;
  await Promise.allSettled([
    ...[...app.values()].map((p) => p.end()),
    ...[...platform.values()].map((p) => p.close()),
    directoryPool?.end(),
    events?.close(),
  ]);
}
