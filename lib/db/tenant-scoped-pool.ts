import "server-only";
import pg from "pg";
import { currentTenantId } from "../tenancy";

/*
 * How a statement learns its tenant.
 *
 * Row-level security reads `app.tenant_id`. Setting it for the session would
 * leak between requests that share a pooled connection (and, behind PgBouncer
 * in transaction mode, between clients), so it is set transaction-locally.
 * The naive way — BEGIN; set_config; statement; COMMIT — costs three extra
 * round trips. Instead each statement is sent as one extended-protocol
 * pipeline:
 *
 *   Parse/Bind/Execute  SELECT set_config('app.tenant_id', $1, true)
 *   Parse/Bind/Describe/Execute  <the statement>
 *   Sync
 *
 * Everything before Sync runs in one implicit transaction, so the setting
 * exists for exactly that statement (or, inside an explicit BEGIN, for the rest
 * of that transaction, always with the same tenant) and vanishes at Sync. One
 * round trip, nothing left on the connection, safe for transaction pooling.
 */

const SET_TENANT_SQL = "SELECT set_config('app.tenant_id', $1, true)";

// Transaction control must stay a plain statement: a preamble before BEGIN
// would run in its own implicit transaction and be thrown away.
const TRANSACTION_CONTROL =
  /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|SET\s+TRANSACTION|PREPARE\s+TRANSACTION|DEALLOCATE|DISCARD)\b/i;

// The parts of pg's Query and Connection that the pipeline relies on; they are
// internal to pg, so they are named here and covered by the integration tests.
interface WireConnection {
  parse(msg: { text: string; name?: string; types?: unknown[] }): void;
  bind(msg: {
    portal?: string;
    statement?: string;
    values: unknown[];
    valueMapper?: (value: unknown, index: number) => unknown;
  }): void;
  execute(msg: { portal?: string; rows?: number }): void;
}

interface QueryInternals {
  prepare(connection: WireConnection): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: WireConnection): void;
  queryMode?: string;
}

type QueryCallback = (err: Error | null, result: pg.QueryResult) => void;

// pg exports Query at runtime; its TypeScript types only describe the submittable shape.
const BaseQuery = (pg as unknown as { Query: new (...args: unknown[]) => QueryInternals }).Query;

class TenantScopedQuery extends BaseQuery {
  private preambleDone = false;

  constructor(
    config: unknown,
    values: unknown,
    callback: QueryCallback | undefined,
    private readonly tenantId: string,
  ) {
    super(config, values, callback);
    // Force the extended protocol so the preamble can share the statement's Sync.
    this.queryMode = "extended";
  }

  override prepare(connection: WireConnection): void {
    connection.parse({ text: SET_TENANT_SQL, name: "", types: [] });
    connection.bind({
      portal: "",
      statement: "",
      values: [this.tenantId],
    });
    connection.execute({ portal: "", rows: 0 });
    super.prepare(connection);
  }

  override handleDataRow(msg: unknown): void {
    if (this.preambleDone) super.handleDataRow(msg);
  }

  override handleCommandComplete(msg: unknown, connection: WireConnection): void {
    if (!this.preambleDone) {
      this.preambleDone = true;
      return;
    }
    super.handleCommandComplete(msg, connection);
  }
}

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

export class TenantScopedClient extends pg.Client {
  // Statements issued directly on a checked-out client (Prisma transactions).
  override query(...args: AnyArgs): never {
    const [config, values, callback] = args;
    const tenantId = tenantFor(config);
    const query = super.query as unknown as (...a: unknown[]) => never;
    if (!tenantId) return query.apply(this, args);

    const cb = (typeof values === "function" ? values : callback) as QueryCallback | undefined;
    const vals = typeof values === "function" ? undefined : values;
    if (cb) {
      return query.call(this, new TenantScopedQuery(config, vals, cb, tenantId));
    }
    return new Promise<pg.QueryResult>((resolve, reject) => {
      const scoped = new TenantScopedQuery(
        config,
        vals,
        (err, result) => (err ? reject(err) : resolve(result)),
        tenantId,
      );
      query.call(this, scoped);
    }) as never;
  }
}

export class TenantScopedPool extends pg.Pool {
  constructor(config: pg.PoolConfig, client: typeof TenantScopedClient = TenantScopedClient) {
    super({ ...config, Client: client });
    // An idle connection can be cut by the server (restart, failover, a
    // dropped database). pg-pool discards it and emits "error"; without a
    // listener that event would crash the process. The next query simply
    // opens a new connection.
    this.on("error", (error) => {
      console.warn(`[db] idle connection lost: ${(error as { code?: string }).code ?? error.name}`);
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
    const prepared = tenantId
      ? new TenantScopedQuery(config, vals, undefined, tenantId)
      : new BaseQuery(config, vals, undefined);
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

interface ReusableClient {
  readyForQuery: boolean;
  connection: { once(event: "readyForQuery", listener: () => void): void; removeListener(event: string, listener: () => void): void };
  getTransactionStatus(): string | null;
  once(event: "end" | "error", listener: () => void): void;
  removeListener(event: string, listener: () => void): void;
}

/*
 * pg reports a server error before the server's ReadyForQuery arrives, so
 * the transaction state is only known once that message is in. pg's client
 * handles ReadyForQuery first (its listener was attached at construction),
 * so by the time ours runs the state is current.
 */
function releaseWhenIdle(client: ReusableClient, error: Error, release: (error?: Error) => void): void {
  if (!(error instanceof pg.DatabaseError)) return release(error);
  const decide = () => release(client.getTransactionStatus() === "I" ? undefined : error);
  if (client.readyForQuery) return decide();
  const onReady = () => {
    cleanup();
    decide();
  };
  const onGone = () => {
    cleanup();
    release(error);
  };
  const cleanup = () => {
    client.connection.removeListener("readyForQuery", onReady);
    client.removeListener("end", onGone);
    client.removeListener("error", onGone);
  };
  client.connection.once("readyForQuery", onReady);
  client.once("end", onGone);
  client.once("error", onGone);
}
