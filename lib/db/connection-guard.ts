import "server-only";
import pg from "pg";
import { currentDeadline, DeadlineExceededError } from "@/lib/observability/request-scope";
import { DatabaseUnresponsiveError } from "./database-errors";

/*
 * Keeps a pool whole when connections die or the server stops answering.
 *
 * - A checked-out connection that errors or closes is released (and so
 *   discarded) at once, by us: its holder may never do it. Prisma's
 *   transaction manager sends COMMIT/ROLLBACK on the dead socket, throws, and
 *   never calls the adapter's release.
 * - A COMMIT or ROLLBACK that fails ends the checkout the same way, for the
 *   same reason, even on a live connection (the server has ended the
 *   transaction; nothing else will run on that client).
 * - Every statement waits for its reply at most until the request's deadline
 *   (or the pool's reply timeout outside requests); then the connection is
 *   cut, which fails everything queued on it and frees it. Server-side
 *   timeouts (statement_timeout…) fire first when the server is alive; this is
 *   for a stalled or unreachable one.
 * - After its request's deadline, a statement is refused before it is sent, so
 *   work nobody waits for anymore neither queues nor commits.
 * Release stays idempotent, so holders that do release (the adapter after a
 * successful COMMIT, raw `pool.connect()` users in `finally`) need not know.
 */

const RELEASE = Symbol("frontdesk.checkout-release");
/** Stamped on a query prepared in its caller's context: the deadline to use (null: none). */
export const REPLY_BY = Symbol("frontdesk.reply-by");

const TRANSACTION_END = /^\s*(COMMIT|END|ROLLBACK|ABORT)\s*;?\s*$/i;
const ROLLBACK = /^\s*(ROLLBACK|ABORT)\b/i;
// A ROLLBACK after the deadline still runs: it frees the connection for the next caller.
const ROLLBACK_GRACE_MS = 1_000;

type Release = (error?: Error | boolean) => void;
type Guarded = pg.PoolClient & { [RELEASE]?: Release };

/** Wraps `release` for one checkout of `client` (see above); returns the wrapped release. */
export function guardCheckout(client: pg.PoolClient, release: Release): Release {
  const c = client as Guarded;
  let released = false;
  const onError = (error: Error) => releaseOnce(error);
  const onEnd = () => releaseOnce(new Error("Connection terminated while checked out"));
  const releaseOnce: Release = (error) => {
    if (released) return;
    released = true;
    c.removeListener("error", onError);
    c.removeListener("end", onEnd);
    if (c[RELEASE] === releaseOnce) c[RELEASE] = undefined;
    release(error);
  };
  c.on("error", onError);
  c.once("end", onEnd);
  c[RELEASE] = releaseOnce;
  c.release = releaseOnce as pg.PoolClient["release"];
  return releaseOnce;
}

/**
 * Releases a checked-out client after its holder is done, keeping the
 * connection only when that is safe: no error, or an error the server
 * reported after which it said the session is idle outside any transaction.
 * For raw `pool.connect()` users (pipelined transactions): call it in
 * `finally` with the error the work ended with, if any.
 */
export function releaseAfter(client: pg.PoolClient, error?: unknown): void {
  if (!error) return client.release();
  releaseWhenIdle(client as unknown as ReusableClient, error instanceof Error ? error : new Error(String(error)), (e) => client.release(e));
}

export type Submittable = {
  submit(connection: unknown): void;
  text?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg hands any result shape through
  callback?: (err: Error | null, result: any) => void;
  once?(event: string, listener: (arg?: unknown) => void): unknown;
  [REPLY_BY]?: number | null;
};

/** Calls `done` once the query settles, however its caller waits for it. */
export function onSettled(query: Submittable, done: (error?: unknown) => void): void {
  const callback = query.callback;
  if (typeof callback === "function") {
    query.callback = (err, result) => {
      done(err ?? undefined);
      callback(err, result);
    };
  } else if (typeof query.once === "function") {
    query.once("end", () => done());
    query.once("error", (err) => done(err));
  }
}

export interface StatementGuard {
  /** Error to fail the statement with instead of sending it, if any. */
  refusal?: Error;
  /** Called when the statement settles. */
  settled(error?: unknown): void;
}

interface Watchable {
  connection: { stream: { destroy(error?: Error): void } };
}

/**
 * Guards one statement about to be sent on `client`: decides whether it may
 * be sent, arms the reply timer, and on a failed COMMIT/ROLLBACK ends the
 * checkout. `deadlineAt` is the caller's deadline, read in the caller's context.
 */
export function guardStatement(client: pg.Client, text: string | undefined, deadlineAt: number | null | undefined, replyTimeoutMs: number): StatementGuard {
  const ending = text !== undefined && TRANSACTION_END.test(text);
  const rollback = text !== undefined && ROLLBACK.test(text);
  let limit = replyTimeoutMs > 0 ? replyTimeoutMs : Infinity;
  if (deadlineAt != null) {
    const remaining = deadlineAt - Date.now();
    if (remaining <= 0 && !rollback) return { refusal: new DeadlineExceededError("The statement's request"), settled: () => undefined };
    limit = Math.min(limit, rollback ? Math.max(remaining, ROLLBACK_GRACE_MS) : remaining);
  }
  const timer =
    limit === Infinity
      ? undefined
      : setTimeout(() => (client as unknown as Watchable).connection.stream.destroy(new DatabaseUnresponsiveError(Math.round(limit))), limit);
  return {
    settled(error) {
      clearTimeout(timer);
      if (error && ending) (client as Guarded)[RELEASE]?.(error instanceof Error ? error : new Error(String(error)));
    },
  };
}

/** The deadline a statement issued now, in this context, must meet. */
export function callerDeadline(): number | null {
  return currentDeadline() ?? null;
}

export interface ReusableClient {
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
export function releaseWhenIdle(client: ReusableClient, error: Error, release: (error?: Error) => void): void {
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
