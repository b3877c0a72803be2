import "server-only";
import pg from "pg";
import { CLOSE_TENANT_SCOPE, OPEN_TENANT_SCOPE, SET_CONFIG_TENANT_SQL, setLocalTenantSql, type TenantSettingForm } from "./tenant-setting";

/*
 * One statement of a tenant, sent as one extended-protocol pipeline under a
 * single Sync (one round trip, nothing left on the connection):
 *
 *   outside a transaction   BEGIN; SET LOCAL app.tenant_id = '…'; <statement>; COMMIT; Sync
 *   inside one (Prisma's)   SET LOCAL app.tenant_id = '…'; <statement>; Sync
 *
 * The explicit BEGIN is needed because the extended protocol's implicit
 * transaction is not a "transaction block": SET LOCAL there works but raises a
 * WARNING per statement (in the server log too). When the statement fails the
 * block is left aborted, so a ROLLBACK goes first in the client's queue before
 * the caller hears of the error and the connection is idle again.
 */

// The parts of pg's Query, Connection and Client the pipeline relies on; they
// are internal to pg, so they are named here and covered by the integration tests.
export interface WireConnection {
  parse(msg: { text: string; name?: string; types?: unknown[] }): void;
  bind(msg: { portal?: string; statement?: string; values: unknown[]; valueMapper?: (value: unknown, index: number) => unknown }): void;
  execute(msg: { portal?: string; rows?: number }): void;
  sync(): void;
}

export interface QueryInternals {
  prepare(connection: WireConnection): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: WireConnection): void;
  handleError(err: Error, connection: WireConnection): void;
  queryMode?: string;
  rows?: number;
}

/** The client a query is sent on: its transaction status and its queue. */
export interface QueryOwner {
  getTransactionStatus(): string | null;
  _queryQueue: unknown[];
}

type QueryCallback = (err: Error | null, result: pg.QueryResult) => void;

// pg exports Query at runtime; its TypeScript types only describe the submittable shape.
export const BaseQuery = (pg as unknown as { Query: new (...args: unknown[]) => QueryInternals }).Query;

function sendSimple(connection: WireConnection, text: string, values: unknown[] = []): void {
  connection.parse({ text, name: "", types: [] });
  connection.bind({ portal: "", statement: "", values });
  connection.execute({ portal: "", rows: 0 });
}

export class TenantScopedQuery extends BaseQuery {
  private owner: QueryOwner | undefined;
  private preamble = 0;
  private completed = 0;
  private ownBlock = false;
  private readonly setting: string;

  constructor(
    config: unknown,
    values: unknown,
    callback: QueryCallback | undefined,
    private readonly tenantId: string,
    private readonly form: TenantSettingForm,
  ) {
    super(config, values, callback);
    // Validated here, in the caller's context, so a bad id fails the call rather than the connection.
    this.setting = form === "set-local" ? setLocalTenantSql(tenantId) : SET_CONFIG_TENANT_SQL;
    // Force the extended protocol so the preamble can share the statement's Sync.
    this.queryMode = "extended";
  }

  /** Called by the client that sends it: whether a transaction is open is read at send time. */
  attach(owner: QueryOwner): void {
    this.owner = owner;
  }

  override prepare(connection: WireConnection): void {
    if (this.form === "set-config") {
      sendSimple(connection, this.setting, [this.tenantId]);
      this.preamble = 1;
      return super.prepare(connection);
    }
    // A paged portal (rows) keeps its transaction open between fetches: no block of our own there.
    this.ownBlock = (this.owner?.getTransactionStatus() ?? "I") === "I" && !this.rows;
    if (this.ownBlock) sendSimple(connection, OPEN_TENANT_SCOPE);
    sendSimple(connection, this.setting);
    this.preamble = this.ownBlock ? 2 : 1;
    if (!this.ownBlock) return super.prepare(connection);
    const closing: WireConnection = Object.create(connection as object);
    closing.sync = () => {
      sendSimple(connection, CLOSE_TENANT_SCOPE);
      connection.sync();
    };
    super.prepare(closing);
  }

  override handleDataRow(msg: unknown): void {
    if (this.completed === this.preamble) super.handleDataRow(msg);
  }

  override handleCommandComplete(msg: unknown, connection: WireConnection): void {
    const index = this.completed++;
    // The preamble's completions, and our COMMIT's after the statement, are not the caller's result.
    if (index === this.preamble) super.handleCommandComplete(msg, connection);
  }

  override handleError(err: Error, connection: WireConnection): void {
    const statementDone = this.completed > this.preamble;
    const owner = this.owner;
    if (this.ownBlock && !statementDone && owner && err instanceof pg.DatabaseError) {
      // The server left our block aborted; end it before anyone else uses the connection.
      const rollback = new BaseQuery("ROLLBACK", undefined, () => super.handleError(err, connection));
      owner._queryQueue.unshift(rollback);
      return;
    }
    super.handleError(err, connection);
  }
}
