import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type pg from "pg";
import { currentTenantId } from "../tenancy";
import { TenantScopedPool, type GuardedPoolConfig, type TenantScopedClient } from "./tenant-scoped-pool";

/*
 * The app pool when tenants live in several cells (lib/cells). A statement
 * made inside runAsTenant goes to the pool of that tenant's cell; one made
 * outside any tenant goes to the control plane (this pool's own database).
 * The choice is made per statement and per checkout (a Prisma transaction
 * stays on the cell it started in), in the caller's async context, from the
 * cached directory: a hit is decided synchronously and costs no round trip.
 */

// One store per process, like the tenant context (Next evaluates modules once per bundle layer).
const flagKey = Symbol.for("frontdesk.control-plane-statement");
const controlPlane = ((globalThis as Record<symbol, AsyncLocalStorage<true> | undefined>)[flagKey] ??= new AsyncLocalStorage<true>());

/**
 * Runs `fn`'s statements on the control plane even inside a tenant context
 * (global tables: users, sessions). Inside an interactive transaction the
 * connection is already chosen, so a transaction stays in one database.
 */
export function onControlPlane<T>(fn: () => T): T {
  return controlPlane.run(true, fn);
}

/** True inside `onControlPlane`: this context's statements go to the control plane. */
export function isOnControlPlane(): boolean {
  return controlPlane.getStore() === true;
}

/**
 * A global model (users, sessions, console records) touched through a
 * transaction opened in a tenant's cell: the cell only holds copies of those
 * rows (or none), so the change would miss the control plane. Make the call
 * outside the transaction (it then runs on the control plane).
 */
export class ControlPlaneModelInCellTransactionError extends Error {
  readonly code = "control_plane_model_in_cell_transaction";
  constructor(readonly model: string, readonly operation: string) {
    super(`${model}.${operation} inside a tenant transaction would run on the tenant's cell, not the control plane: call it outside the transaction`);
    this.name = "ControlPlaneModelInCellTransactionError";
  }
}

/** The pool of the tenant's cell; null for the control plane's own database. */
export type CellRoute = (tenantId: string) => TenantScopedPool | null | Promise<TenantScopedPool | null>;

type AnyArgs = [unknown, unknown?, unknown?];
type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

export class CellRoutingPool extends TenantScopedPool {
  constructor(
    config: GuardedPoolConfig,
    client: typeof TenantScopedClient,
    private readonly route: CellRoute,
  ) {
    super(config, client);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const tenantId = controlPlane.getStore() ? undefined : currentTenantId();
    const target = tenantId ? this.route(tenantId) : null;
    if (target === null) return callback ? super.connect(callback) : super.connect();
    if (!(target instanceof Promise)) return callback ? target.connect(callback) : target.connect();
    const ownConnect = (cb: ConnectCallback) => super.connect(cb);
    const withCallback = (cb: ConnectCallback) =>
      void target.then(
        (pool) => (pool ? pool.connect(cb) : ownConnect(cb)),
        (error: Error) => cb(error, undefined, () => undefined),
      );
    if (callback) return withCallback(callback);
    return new Promise<pg.PoolClient>((resolve, reject) =>
      withCallback((err, client) => (err || !client ? reject(err ?? new Error("No connection")) : resolve(client))),
    );
  }

  override query(...args: AnyArgs): never {
    const own = () => (super.query as unknown as (...a: AnyArgs) => never).apply(this, args);
    const tenantId = controlPlane.getStore() ? undefined : currentTenantId();
    const target = tenantId ? this.route(tenantId) : null;
    if (target === null) return own();
    const run = (pool: TenantScopedPool) => (pool.query as unknown as (...a: AnyArgs) => never).apply(pool, args);
    if (!(target instanceof Promise)) return run(target);
    const callback = [...args].reverse().find((a) => typeof a === "function") as ((err: Error) => void) | undefined;
    const routed = target.then((pool) => (pool ? run(pool) : own()) as unknown);
    if (callback) {
      routed.catch((error: Error) => callback(error));
      return undefined as never;
    }
    return routed as never;
  }
}
