import "server-only";
import pg from "pg";
import { logger } from "@/lib/observability/logger";
import { currentTenantId } from "../tenancy";
import { DeadlineExceededError } from "@/lib/observability/request-scope";
import { REPLY_BY, callerDeadline, guardCheckout, guardStatement, onSettled, releaseWhenIdle, type ReusableClient, type Submittable } from "./connection-guard";
import { BaseQuery, TenantScopedQuery, type QueryOwner } from "./tenant-scoped-query";
import { defaultTenantSettingForm, type TenantSettingForm } from "./tenant-setting";

/*
 * How a statement learns its tenant: row-level security reads `app.tenant_id`.
 * Setting it for the session would leak between requests that share a pooled
 * connection (and, behind PgBouncer in transaction mode, between clients), so
 * every statement of a tenant carries its own transaction-local setting in the
 * same round trip (tenant-scoped-query.ts).
 */

// Transaction control must stay a plain statement: a preamble before BEGIN
// would run in its own implicit transaction and be thrown away.
const TRANSACTION_CONTROL =
  /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|SET\s+TRANSACTION|PREPARE\s+TRANSACTION|DEALLOCATE|DISCARD)\b/i;

type QueryCallback = (err: Error | null, result: pg.QueryResult) => void;

function statementText(config: unknown): string | undefined {
  if (typeof config === "string") return config;
  if (config && typeof config === "object" && "text" in config) {
    const text = (config as { text: unknown }).text;
    return typeof text === "string" ? text : undefined;
  }
  return undefined;
}

function isSubmittable(config: unknown): boolean {
  return !!config && typeof (config as { submit?: unknown }).submit === "function";
}

/** The tenant a statement must run under, read in the caller's async context. */
function tenantFor(config: unknown): string | undefined {
  if (isSubmittable(config)) return undefined;
  const tenantId = currentTenantId();
  if (!tenantId) return undefined;
  const text = statementText(config);
  if (text === undefined || TRANSACTION_CONTROL.test(text)) return undefined;
  return tenantId;
}

type AnyArgs = [unknown, unknown?, unknown?];
type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/** Pool options the clients read (pg-pool hands its options to every client it creates). */
export interface GuardedPoolConfig extends pg.PoolConfig {
  /**
   * The clients' connectionTimeoutMillis: establishing a connection. Not
   * pg-pool's own, which would also cut callers queued for a busy pool; their
   * wait is bounded by their request deadline instead (connect() below).
   */
  establishTimeoutMillis?: number;
  /** Longest wait for any reply outside a request deadline; 0 waits forever. */
  replyTimeoutMillis?: number;
  /** Counts the statements issued, for metrics and benchmarks. */
  statementStats?: { statements: number };
  /** How the tenant is set (default: SET LOCAL; FRONTDESK_TENANT_SETTING=set_config for baselines). */
  tenantSetting?: TenantSettingForm;
}

export class TenantScopedClient extends pg.Client {
  private readonly replyTimeoutMs: number;
  private readonly stats: { statements: number } | undefined;
  private readonly tenantSetting: TenantSettingForm;

  constructor(config?: string | GuardedPoolConfig) {
    const options = typeof config === "object" ? config : undefined;
    super(options ? { ...options, connectionTimeoutMillis: options.establishTimeoutMillis ?? options.connectionTimeoutMillis } : config);
    this.replyTimeoutMs = options?.replyTimeoutMillis ?? 0;
    this.stats = options?.statementStats;
    this.tenantSetting = options?.tenantSetting ?? defaultTenantSettingForm();
  }

  // Every statement goes through here, from the pool or from a checked-out
  // client (Prisma transactions): the tenant preamble, the reply guard and the count.
  override query(...args: AnyArgs): never {
    const [config, values, callback] = args;
    const cb = (typeof values === "function" ? values : callback) as QueryCallback | undefined;
    const vals = typeof values === "function" ? undefined : values;
    let query: Submittable;
    if (isSubmittable(config)) {
      query = config as Submittable;
      if (!query.callback && cb) query.callback = cb;
    } else {
      const tenantId = tenantFor(config);
      query = (tenantId ? new TenantScopedQuery(config, vals, cb, tenantId, this.tenantSetting) : new BaseQuery(config, vals, cb)) as unknown as Submittable;
    }
    if (query instanceof TenantScopedQuery) query.attach(this as unknown as QueryOwner);
    // Without a callback the caller awaits a promise.
    let promise: Promise<pg.QueryResult> | undefined;
    if (!query.callback && !isSubmittable(config)) {
      promise = new Promise<pg.QueryResult>((resolve, reject) => {
        query.callback = (err, result) => (err ? reject(err) : resolve(result));
      }).catch((err: Error) => {
        // As pg does: a stack leading back to the caller, not to the socket read.
        Error.captureStackTrace(err);
        throw err;
      });
    }
    const deadline = REPLY_BY in query ? query[REPLY_BY] : callerDeadline();
    const guard = guardStatement(this, statementText(query) ?? statementText(config), deadline, this.replyTimeoutMs);
    const send = super.query as unknown as (q: unknown) => unknown;
    if (guard.refusal) {
      const refusal = guard.refusal;
      process.nextTick(() => (query.callback ? query.callback(refusal, undefined as never) : (query as unknown as { emit(e: string, x: unknown): void }).emit("error", refusal)));
    } else {
      onSettled(query, (error) => guard.settled(error));
      if (this.stats) this.stats.statements++;
      send.call(this, query);
    }
    return (promise ?? (isSubmittable(config) ? config : undefined)) as never;
  }
}

export class TenantScopedPool extends pg.Pool {
  private readonly stats: { statements: number };
  readonly tenantSetting: TenantSettingForm;
  /** When a connection last came back (readiness: a busy pool that still moves is not stuck). */
  lastReleasedAt = Date.now();

  constructor(config: GuardedPoolConfig, client: typeof TenantScopedClient = TenantScopedClient) {
    const stats = { statements: 0 };
    const tenantSetting = config.tenantSetting ?? defaultTenantSettingForm();
    super({ ...config, tenantSetting, statementStats: stats, Client: client } as pg.PoolConfig);
    this.stats = stats;
    this.tenantSetting = tenantSetting;
    // An idle connection can be cut by the server (restart, failover, a
    // dropped database). pg-pool discards it and emits "error"; without a
    // listener that event would crash the process. The next query simply
    // opens a new connection.
    this.on("error", (error) => logger().warn({ err: error }, "database: idle connection lost"));
    this.on("release", () => (this.lastReleasedAt = Date.now()));
  }

  /** Statements issued through this pool's clients since it was created. */
  get statementCount(): number {
    return this.stats.statements;
  }

  /** For a pipeline sent as one query object: its other statements (each query() counts one). */
  countStatements(extra: number): void {
    this.stats.statements += extra;
  }

  // Every checkout, the pool's own and Prisma's transactions alike, is
  // guarded (connection-guard.ts): a dead connection goes back at once and
  // release is idempotent. After the caller's deadline nothing is handed out.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (!callback) {
      return new Promise<pg.PoolClient>((resolve, reject) =>
        this.connect((err, client) => (err || !client ? reject(err ?? new Error("No connection")) : resolve(client))),
      );
    }
    const deadline = callerDeadline();
    const gaveUp = () => callback(new DeadlineExceededError("The request waiting for a connection"), undefined, () => undefined);
    if (deadline !== null && deadline <= Date.now()) return void process.nextTick(gaveUp);
    let late = false;
    const timer = deadline === null ? undefined : setTimeout(() => ((late = true), gaveUp()), deadline - Date.now());
    const connect = super.connect as unknown as (cb: (err: Error | undefined, client?: pg.PoolClient, done?: (e?: Error | boolean) => void) => void) => void;
    connect.call(this, (err, client, done) => {
      clearTimeout(timer);
      // The caller has had its answer; a connection that turns up now goes straight back.
      if (late) return void done?.(err);
      if (err || !client || !done) return callback(err ?? new Error("No connection"), undefined, () => undefined);
      const release = guardCheckout(client, done);
      callback(undefined, client, release as (release?: unknown) => void);
    });
  }

  // The decision is made here, in the caller's async context, and handed down
  // as a finished query object: pg-pool runs the connection's query from inside
  // callbacks, which may be another request's release of a connection, so the
  // client must never look at the context again. A statement without a tenant
  // is wrapped too, or it would pick up whichever tenant released the connection.
  override query(...args: AnyArgs): never {
    const [config, values, callback] = args;
    if (isSubmittable(config)) return (super.query as unknown as (...a: unknown[]) => never).apply(this, args);
    const cb = (typeof values === "function" ? values : callback) as QueryCallback | undefined;
    const vals = typeof values === "function" ? undefined : values;
    const tenantId = tenantFor(config);
    const prepared = (
      tenantId ? new TenantScopedQuery(config, vals, undefined, tenantId, this.tenantSetting) : new BaseQuery(config, vals, undefined)
    ) as unknown as Submittable;
    prepared[REPLY_BY] = callerDeadline();
    if (cb) {
      this.runOnPooledClient(prepared, cb);
      return undefined as never;
    }
    return new Promise<pg.QueryResult>((resolve, reject) =>
      this.runOnPooledClient(prepared, (err, result) => (err ? reject(err) : resolve(result))),
    ) as never;
  }

  /*
   * pg-pool's own query() closes the connection after any error, even a
   * constraint violation the server reported on a healthy connection. A lost
   * booking race is such an error, so fifty callers racing for one slot cost
   * forty-nine reconnects (~30 ms of CPU each). Here a connection is kept
   * when the server reported the error and then said it is idle outside any
   * transaction; anything else (a broken socket, a transaction left open)
   * still closes it.
   */
  private runOnPooledClient(prepared: unknown, done: QueryCallback): void {
    this.connect((connectError, client, release) => {
      if (connectError || !client) return done(connectError ?? new Error("No connection"), undefined as never);
      let released = false;
      const releaseOnce = (error?: Error) => {
        if (released) return;
        released = true;
        release(error);
      };
      const onConnectionError = (error: Error) => {
        releaseOnce(error);
        done(error, undefined as never);
      };
      client.once("error", onConnectionError);
      const run = client.query as unknown as (q: unknown, cb: QueryCallback) => void;
      run.call(client, prepared, (error, result) => {
        client.removeListener("error", onConnectionError);
        if (released) return;
        if (error) releaseWhenIdle(client as unknown as ReusableClient, error, releaseOnce);
        else releaseOnce();
        done(error, result);
      });
    });
  }
}
