import pg from "pg";

/*
 * Counts the statements the app sends to PostgreSQL: every query of the
 * app's pools (their clients are subclasses of pg.Client), not those of the
 * test's own plain pg.Client connections.
 */

let installed = false;
let count = 0;

export function installStatementCounter(): void {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    if (this.constructor !== pg.Client) count += 1;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
}

/** Statements the app sent while `fn` ran (nothing else may run meanwhile). */
export async function statementsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = count;
  const result = await fn();
  return { result, statements: count - before };
}
