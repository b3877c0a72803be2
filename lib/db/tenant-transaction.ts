import "server-only";
import pg from "pg";
import { requireTenantId } from "../tenancy";
import { defaultTenantSettingForm, SET_CONFIG_TENANT_SQL, setLocalTenantSql, type TenantSettingForm } from "./tenant-setting";

/*
 * A transaction of the current tenant on one pooled connection, for hot
 * paths that must cost as few round trips as possible: the opening
 * statements travel with BEGIN and the tenant setting, the closing ones with
 * COMMIT, each group as one extended-protocol pipeline under a single Sync.
 * Row-level security applies as everywhere else: the connection is the app
 * role's, and `app.tenant_id` is set transaction-locally from the context.
 */

export interface Statement {
  text: string;
  values?: unknown[];
}

export type Row = Record<string, unknown>;

/** The open transaction, for the statements between the opening and the closing ones. */
export interface TenantTransaction {
  /** Sends the statements in one round trip and returns each one's rows; the first failure rejects. */
  run(...statements: Statement[]): Promise<Row[][]>;
  /** One statement's rows. */
  query<R = Row>(text: string, values?: unknown[]): Promise<R[]>;
}

export interface TransactionPlan<T> {
  /** Statements sent after the body's, in the same round trip as COMMIT. */
  closing: Statement[];
  value: T;
  /** End with ROLLBACK instead of COMMIT: everything ran, nothing stays (a rehearsal turn). */
  rollback?: boolean;
  /** After COMMIT: the closing statements' rows, for what the closing flight counted. */
  committed?: (closingRows: Row[][]) => void;
}

/** The tenant setting inside the transaction's own BEGIN (no warning: it is a transaction block). */
function setTenant(pool: pg.Pool, tenantId: string): Statement {
  const form = (pool as { tenantSetting?: TenantSettingForm }).tenantSetting ?? defaultTenantSettingForm();
  return form === "set-local" ? { text: setLocalTenantSql(tenantId) } : { text: SET_CONFIG_TENANT_SQL, values: [tenantId] };
}

type QueryInternals = {
  prepare(connection: WireConnection): void;
  _results: pg.QueryResult | pg.QueryResult[];
};

interface WireConnection {
  parse(msg: { text: string; name?: string; types?: unknown[] }): void;
  bind(msg: { portal?: string; statement?: string; values: unknown[]; valueMapper?: unknown }): void;
  describe(msg: { type: "P" | "S"; name?: string }): void;
  execute(msg: { portal?: string; rows?: number }): void;
  sync(): void;
}

// pg exports Query at runtime; its types only describe the submittable shape.
const BaseQuery = (pg as unknown as { Query: new (config: unknown, values?: unknown, cb?: unknown) => QueryInternals }).Query;
const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;

/** Several statements as one pg Query: pg collects one result per CommandComplete, in order. */
class PipelinedQuery extends BaseQuery {
  constructor(
    private readonly statements: Statement[],
    callback: (error: Error | null, results: pg.QueryResult | pg.QueryResult[]) => void,
  ) {
    super({ text: statements.map((s) => s.text).join(";\n"), queryMode: "extended" }, undefined, callback);
  }

  override prepare(connection: WireConnection): void {
    for (const statement of this.statements) {
      connection.parse({ text: statement.text, name: "", types: [] });
      connection.bind({ portal: "", statement: "", values: statement.values ?? [], valueMapper: prepareValue });
      connection.describe({ type: "P", name: "" });
      connection.execute({ portal: "", rows: 0 });
    }
    connection.sync();
  }
}

function send(client: pg.PoolClient, statements: Statement[]): Promise<Row[][]> {
  return new Promise((resolve, reject) => {
    const query = new PipelinedQuery(statements, (error, results) => {
      if (error) return reject(error);
      const list = Array.isArray(results) ? results : [results];
      resolve(list.map((r) => r.rows as Row[]));
    });
    (client.query as unknown as (q: unknown) => void).call(client, query);
  });
}

/**
 * Runs `body` in a transaction of the current tenant. Round trips: one for
 * BEGIN + tenant setting + `opening`, one per body call, one for `closing` +
 * COMMIT. Any failure rolls back; a connection that failed or is left inside
 * a transaction is closed rather than returned to the pool.
 */
export async function inTenantTransaction<T>(
  pool: pg.Pool,
  opening: Statement[],
  body: (tx: TenantTransaction, opened: Row[][]) => Promise<TransactionPlan<T>>,
): Promise<T> {
  const tenantId = requireTenantId("inTenantTransaction");
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on("error", onError);
  const tx: TenantTransaction = {
    run: (...statements) => send(client, statements),
    query: async <R,>(text: string, values?: unknown[]) => (await send(client, [{ text, values: values ?? [] }]))[0] as R[],
  };
  try {
    const opened = await send(client, [{ text: "BEGIN" }, setTenant(pool, tenantId), ...opening]);
    const plan = await body(tx, opened.slice(2));
    const closed = await send(client, [...plan.closing, { text: plan.rollback ? "ROLLBACK" : "COMMIT" }]);
    if (!plan.rollback) plan.committed?.(closed.slice(0, plan.closing.length));
    return plan.value;
  } catch (error) {
    broken ??= await rollback(client);
    throw error;
  } finally {
    client.removeListener("error", onError);
    client.release(broken ?? (client.getTransactionStatus?.() === "I" ? undefined : new Error("left in a transaction")));
  }
}

/** Ends a failed transaction; the error is returned when the connection cannot be trusted afterwards. */
async function rollback(client: pg.PoolClient): Promise<Error | undefined> {
  try {
    await send(client, [{ text: "ROLLBACK" }]);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
