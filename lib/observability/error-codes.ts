/*
 * The machine-readable codes carried by an error and its causes: what an
 * operator needs to tell a lock timeout (SQLSTATE 55P03) from a broken schema
 * (42P01) or an unreachable server (ECONNREFUSED, P1001). Prisma and its pg
 * adapter wrap driver errors (DriverAdapterError, `meta.driverAdapterError`,
 * `cause.originalCode`), so the whole chain is read.
 */

export interface ErrorCodes {
  /** SQLSTATE reported by PostgreSQL. */
  sqlState?: string;
  /** Prisma's own code (P1001, P2028…). */
  prismaCode?: string;
  /** Node's system error code (ECONNREFUSED, ECONNRESET…). */
  errno?: string;
  /** The driver adapter's classification (ConnectionClosed, DatabaseNotReachable…). */
  adapterKind?: string;
  /** Any other code, e.g. our own `deadline_exceeded`. */
  code?: string;
}

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return !!value && typeof value === "object";
}

/** The error itself, then its causes, at most `limit` deep (chains can loop). */
export function errorChain(error: unknown, limit = 8): Loose[] {
  const out: Loose[] = [];
  const queue: unknown[] = [error];
  while (queue.length && out.length < limit) {
    const next = queue.shift();
    if (!isObject(next) || out.includes(next)) continue;
    out.push(next);
    queue.push(next.cause);
    if (isObject(next.meta)) queue.push(next.meta.driverAdapterError);
    if (Array.isArray(next.errors)) queue.push(next.errors[0]);
  }
  return out;
}

export function errorCodes(error: unknown): ErrorCodes {
  const codes: ErrorCodes = {};
  for (const e of errorChain(error)) {
    if (typeof e.originalCode === "string") codes.sqlState ??= e.originalCode;
    if (typeof e.kind === "string" && e.kind !== "postgres") codes.adapterKind ??= e.kind;
    const code = e.code;
    if (typeof code !== "string") continue;
    if (/^P\d{4}$/.test(code)) codes.prismaCode ??= code;
    else if (typeof e.syscall === "string" || typeof e.errno === "number") codes.errno ??= code;
    else if (/^[0-9A-Z]{5}$/.test(code) && (typeof e.severity === "string" || e.kind === "postgres")) codes.sqlState ??= code;
    else codes.code ??= code;
  }
  return codes;
}

/** The messages of the chain, for classification only: they are never logged (they can quote data). */
export function errorMessages(error: unknown): string[] {
  return errorChain(error).flatMap((e) => (typeof e.message === "string" ? [e.message] : []));
}
