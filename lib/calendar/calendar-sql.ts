import "server-only";
import type pg from "pg";
import { tenantDb } from "@/lib/db";

/** Where a statement of lib/calendar runs: the pool by default, or a caller's open transaction. */
export type CalendarSql = <R>(text: string, values: unknown[]) => Promise<R[]>;

/** One raw statement on the tenant-scoped pool (tenant setting pipelined, RLS applies); its rows. */
export async function calendarSql<R>(text: string, values: unknown[]): Promise<R[]> {
  const pool: pg.Pool = tenantDb().pool;
  return (await pool.query(text, values)).rows as R[];
}
