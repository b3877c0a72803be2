import "server-only";
import type { PlatformDb } from "@/lib/db/platform-db";

/*
 * Positional parameters for the console's composed read queries: filters add
 * conditions one by one, every value travels as $n, never in the text.
 */
export class SqlText {
  readonly values: unknown[] = [];

  /** The placeholder for `value`, e.g. "$3". */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  run<R>(db: PlatformDb, text: string): Promise<R[]> {
    return db.$queryRawUnsafe<R[]>(text, ...this.values);
  }
}

/** A "YYYY-MM" month of `zone` (a SQL expression naming it) at the instant `$at`. */
export const localMonthSql = (at: string, zone: string) => `to_char((${at}::timestamptz AT TIME ZONE ${zone}), 'YYYY-MM')`;

/** Midnight starting the local day, or the local month, of `zone` containing `$at`, as an instant. */
export const localStartSql = (unit: "day" | "month", at: string, zone: string) =>
  `(date_trunc('${unit}', ${at}::timestamptz AT TIME ZONE ${zone}) AT TIME ZONE ${zone})`;
