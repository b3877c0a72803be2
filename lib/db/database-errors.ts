import { errorCodes, errorMessages } from "@/lib/observability/error-codes";

/*
 * Errors that say "the database cannot serve right now, try again" rather
 * than "this request is wrong" or "the code is broken": the server is down,
 * restarting, unreachable, out of connections, or a statement ran out of
 * time. Requests that fail this way are answered 503 with Retry-After.
 */

const SQLSTATES = new Set([
  "57P01", // admin_shutdown: terminated by pg_terminate_backend or a fast shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "57P05", // idle_session_timeout
  "57014", // query_canceled: statement_timeout
  "55P03", // lock_not_available: lock_timeout
  "25P03", // idle_in_transaction_session_timeout
  "40001", // serialization_failure
  "40P01", // deadlock_detected, when it reaches the caller
]);
const SQLSTATE_CLASSES = ["08", "53"]; // connection exception, insufficient resources

const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034", "P2037"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionWriteConflict"]);
const ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND"]);
const OWN_CODES = new Set(["deadline_exceeded", "database_unresponsive"]);

// pg reports a lost or refused connection with these plain Errors (no code).
const DRIVER_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|^timeout expired$|is not queryable|Cannot use a pool after calling end|Query read timeout|Transaction already closed|Transaction not found|expired transaction|before its deadline|No reply from the database/;

export function isDatabaseUnavailable(error: unknown): boolean {
  const codes = errorCodes(error);
  if (codes.sqlState && (SQLSTATES.has(codes.sqlState) || SQLSTATE_CLASSES.includes(codes.sqlState.slice(0, 2)))) return true;
  if (codes.prismaCode && PRISMA_CODES.has(codes.prismaCode)) return true;
  if (codes.adapterKind && ADAPTER_KINDS.has(codes.adapterKind)) return true;
  if (codes.errno && ERRNOS.has(codes.errno)) return true;
  if (codes.code && OWN_CODES.has(codes.code)) return true;
  return errorMessages(error).some((m) => DRIVER_MESSAGES.test(m));
}

/** No reply from the server within the statement's time: the connection was cut. */
export class DatabaseUnresponsiveError extends Error {
  readonly code = "database_unresponsive";
  constructor(ms: number) {
    super(`No reply from the database within ${ms} ms; the connection was closed`);
    this.name = "DatabaseUnresponsiveError";
  }
}
