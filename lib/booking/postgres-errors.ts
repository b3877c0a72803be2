/*
 * Prisma's driver adapter wraps PostgreSQL errors (DriverAdapterError, its
 * cause carrying `originalCode`) and maps only some of them to P-codes, so
 * the SQLSTATE is looked for along the cause chain.
 */

export function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    const e = current as { originalCode?: unknown; code?: unknown; kind?: unknown; cause?: unknown };
    if (typeof e.originalCode === "string") return e.originalCode;
    if (e.kind === "postgres" && typeof e.code === "string") return e.code;
    // pg's own DatabaseError (raw statements on the pool) carries the SQLSTATE as `code`.
    if ("severity" in e && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    current = e.cause;
  }
  return undefined;
}

/** 23P01: the appointments_no_overlap exclusion constraint refused the row. */
export function isExclusionViolation(error: unknown): boolean {
  return sqlState(error) === "23P01";
}

/*
 * 40P01: PostgreSQL broke a lock cycle by aborting this statement. Two
 * inserts into an exclusion constraint can each find the other's uncommitted
 * row and wait for it; one of them is then chosen as the victim although
 * nothing is wrong with it, so the write is worth trying again.
 */
export function isDeadlockVictim(error: unknown): boolean {
  return sqlState(error) === "40P01";
}
