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

/** [start, end) of the local day or month of `zone` (a SQL expression) containing `$at`, as instants. */
export function localPeriodSql(unit: "day" | "month", at: string, zone: string): { start: string; end: string } {
  const local = `date_trunc('${unit}', ${at}::timestamptz AT TIME ZONE ${zone})`;
  return { start: `(${local} AT TIME ZONE ${zone})`, end: `((${local} + interval '1 ${unit}') AT TIME ZONE ${zone})` };
}
