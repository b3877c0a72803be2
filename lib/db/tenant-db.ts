import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { outsideRequestScope } from "@/lib/observability/request-scope";
import { currentTenantId, requireTenantId } from "../tenancy";
import { PrismaClient, Prisma } from "./generated/client";
import { isControlPlaneOnlyModel, isTenantOwnedModel } from "./data-model";
import { scopeTenantOwnedArgs, scopeTenantRowArgs } from "./tenant-scope";
import { TenantScopedClient, TenantScopedPool } from "./tenant-scoped-pool";
import type { TenantSettingForm } from "./tenant-setting";
import { CellRoutingPool, ControlPlaneModelInCellTransactionError, isOnControlPlane, onControlPlane, type CellRoute } from "./cell-routing-pool";

export interface PoolOptions {
  url: string;
  max?: number;
  /**
   * Role to assume on every new connection. Only for servers that ignore the
   * login user (the embedded PGlite server); never behind PgBouncer.
   */
  sessionRole?: string;
  /** Close idle connections after this long (the embedded server serves one client at a time). */
  idleTimeoutMillis?: number;
  /**
   * Longest wait for a new connection to be established (default 3 s; 0: no
   * limit). Waiting for a busy pool's connection is bounded by the caller's
   * request deadline.
   */
  connectionTimeoutMillis?: number;
  /** Longest wait for a reply outside a request deadline before the connection is cut (default 15 s; 0: none). */
  replyTimeoutMillis?: number;
  /** How the tenant is set; only benchmarks pick the old set_config form. */
  tenantSetting?: TenantSettingForm;
  /** Tenants in several cells: where a tenant's statements go (cell-routing-pool.ts). */
  route?: CellRoute;
}

export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
export const DEFAULT_REPLY_TIMEOUT_MS = 15_000;

export function createPool(options: PoolOptions): TenantScopedPool {
  const role = options.sessionRole;
  if (role && !/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error("sessionRole must be a plain role name");
  const client = role ? sessionRoleClient(role) : TenantScopedClient;
  const config = {
    connectionString: options.url,
    max: options.max ?? 10,
    establishTimeoutMillis: options.connectionTimeoutMillis ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    replyTimeoutMillis: options.replyTimeoutMillis ?? DEFAULT_REPLY_TIMEOUT_MS,
    ...(options.tenantSetting ? { tenantSetting: options.tenantSetting } : {}),
    ...(options.idleTimeoutMillis !== undefined ? { idleTimeoutMillis: options.idleTimeoutMillis } : {}),
  };
  return options.route ? new CellRoutingPool(config, client, options.route) : new TenantScopedPool(config, client);
}

/*
 * A login applies the role's per-database settings (statement_timeout,
 * lock_timeout… set by the migrations); SET ROLE does not, so the session
 * applies them itself, read from the same catalog.
 */
const APPLY_ROLE_SETTINGS = `
  SELECT set_config(split_part(s.setting, '=', 1), substr(s.setting, strpos(s.setting, '=') + 1), false)
  FROM pg_db_role_setting d
  CROSS JOIN LATERAL unnest(d.setconfig) AS s(setting)
  WHERE d.setrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
    AND d.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
  ORDER BY d.setdatabase`;

/**
 * A client that is only handed out once it has assumed `role` and its
 * settings: if SET ROLE fails the connection fails, rather than silently
 * running as the superuser with row-level security off.
 */
function sessionRoleClient(role: string): typeof TenantScopedClient {
  class SessionRoleClient extends TenantScopedClient {
    // pg-pool calls connect(callback); direct users await connect().
    override connect(...args: unknown[]): never {
      const callback = args[0] as ((err: Error | null) => void) | undefined;
      const ready = super.connect().then(async () => {
        try {
          // pg-pool may open this connection from another request's release: not that request's deadline.
          await outsideRequestScope(() => this.query(`SET ROLE ${role}`));
          await outsideRequestScope(() => this.query(APPLY_ROLE_SETTINGS));
        } catch (error) {
          // pg-pool does not close a client whose connect failed; an open one
          // would also hold the embedded server's only session.
          await this.end().catch(() => undefined);
          throw error;
        }
        return this as pg.Client;
      });
      if (!callback) return ready as never;
      ready.then(
        () => callback(null),
        (err: Error) => callback(err),
      );
      return undefined as never;
    }
  }
  return SessionRoleClient;
}

/** Prisma hands query extensions its request, whose `transaction` names an interactive or batch one. */
function inTransaction(params: unknown): boolean {
  const internal = (params as { __internalParams?: { transaction?: { kind?: string } } }).__internalParams;
  return internal?.transaction?.kind === "itx" || internal?.transaction?.kind === "batch";
}

const tenantScope = (routed: boolean) => Prisma.defineExtension({
  name: "tenant-scope",
  query: {
    $allModels: {
      $allOperations(params) {
        const { model, operation, args, query } = params;
        if (model === "Tenant") {
          return query(scopeTenantRowArgs(operation, args, requireTenantId(`Tenant.${operation}`)) as never);
        }
        const global = routed && isControlPlaneOnlyModel(model);
        // A tenant's transaction holds a connection to its cell: a global model there would read
        // or write the cell's copy, whatever the tenant's cell, so it is refused in every routed deployment.
        if (global && inTransaction(params) && currentTenantId() && !isOnControlPlane()) {
          throw new ControlPlaneModelInCellTransactionError(model, operation);
        }
        // With cells, global tables (users, sessions, console records) are read on the control plane even
        // inside a tenant; the query runs at once, inside the marker, since Prisma's queries start lazily.
        const run = global
          ? (a: unknown) => onControlPlane(async () => await query(a as never))
          : (a: unknown) => query(a as never);
        if (!isTenantOwnedModel(model)) return run(args);
        const tenantId = requireTenantId(`${model}.${operation}`);
        return run(scopeTenantOwnedArgs(model, operation, args, tenantId));
      },
    },
  },
});

/*
 * Prisma merges findUnique calls made in the same tick into one statement,
 * even from different requests; that statement runs under one request's
 * tenant setting, so row-level security would hide the other tenants' rows.
 * findFirst is never merged, and with the tenant in its where it selects the
 * same single row.
 */
const noCrossRequestBatching = Prisma.defineExtension({
  name: "no-cross-request-batching",
  model: {
    $allModels: {
      findUnique<T, A>(this: T, args: Prisma.Exact<A, Prisma.Args<T, "findUnique">>) {
        const ctx = Prisma.getExtensionContext(this) as unknown as { findFirst(a: unknown): unknown };
        return ctx.findFirst(args) as Prisma.Result<T, A, "findUnique">;
      },
      findUniqueOrThrow<T, A>(this: T, args: Prisma.Exact<A, Prisma.Args<T, "findUniqueOrThrow">>) {
        const ctx = Prisma.getExtensionContext(this) as unknown as { findFirstOrThrow(a: unknown): unknown };
        return ctx.findFirstOrThrow(args) as Prisma.Result<T, A, "findUniqueOrThrow">;
      },
    },
  },
});

/**
 * The client request handlers use: connects as the app role (row-level
 * security applies) and confines every model operation to the tenant set by
 * `runAsTenant`. Without a tenant context, tenant-owned models throw.
 */
export function createTenantDb(options: PoolOptions) {
  const pool = createPool(options);
  const base = new PrismaClient({ adapter: new PrismaPg(pool) });
  return Object.assign(base.$extends(tenantScope(!!options.route)).$extends(noCrossRequestBatching), { pool });
}

export type TenantDb = ReturnType<typeof createTenantDb>;

/** A client without the extension, for the owner/platform roles and benchmarks. */
export function createUnscopedDb(options: PoolOptions) {
  const pool = createPool(options);
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  return Object.assign(client, { pool });
}
