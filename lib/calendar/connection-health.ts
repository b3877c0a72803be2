import "server-only";
import { calendarSql, type CalendarSql } from "./calendar-sql";
import type { BusyInterval } from "./calendar-types";
import { intervalsToJson } from "./intervals";

/*
 * What the console shows of a connection: status, last successful sync, last
 * error. Errors are CalendarUnavailableError messages (no credentials, no
 * response bodies), cut to 300 characters.
 */

export function calendarErrorMessage(error: unknown): string {
  const message = error instanceof Error && (error as { code?: string }).code === "calendar_unavailable" ? error.message : "Calendar sync failed";
  return message.slice(0, 300);
}

export async function recordCalendarSuccess(connectionId: string, now: Date): Promise<void> {
  await calendarSql(`UPDATE calendar_connections SET status = 'ok', last_sync_at = $2, last_error = NULL, updated_at = now() WHERE id = $1`, [connectionId, now]);
}

export async function recordCalendarFailure(connectionId: string, now: Date, error: unknown): Promise<void> {
  await calendarSql(
    `UPDATE calendar_connections SET status = 'failing', last_error = $3, last_error_at = $2, updated_at = now() WHERE id = $1`,
    [connectionId, now, calendarErrorMessage(error)],
  ).catch(() => undefined);
}

const UNLOCKED_ROW = "(SELECT id FROM calendar_connections WHERE id = $1 FOR UPDATE SKIP LOCKED)";

/**
 * A fresh busy answer, shared with other instances. It may run inside a
 * booking's transaction, so it never waits for a row another transaction
 * holds (that writer stores an answer as fresh): a skipped write costs one
 * more calendar query elsewhere, a wait could stall or deadlock a turn.
 */
export async function recordBusySnapshot(connectionId: string, now: Date, busy: { busy: BusyInterval[]; from: Date; to: Date }, run: CalendarSql = calendarSql): Promise<void> {
  await run(
    `UPDATE calendar_connections SET status = 'ok', last_sync_at = $2, last_error = NULL, busy_snapshot = $3::jsonb,
       busy_from = $4, busy_to = $5, busy_fetched_at = $2, updated_at = now() WHERE id = ${UNLOCKED_ROW}`,
    [connectionId, now, JSON.stringify(intervalsToJson(busy.busy)), busy.from, busy.to],
  );
}

/** The busy lookup's failure, under the same never-wait rule as its snapshot. */
export async function recordBusyFailure(connectionId: string, now: Date, error: unknown, run: CalendarSql = calendarSql): Promise<void> {
  await run(
    `UPDATE calendar_connections SET status = 'failing', last_error = $3, last_error_at = $2, updated_at = now() WHERE id = ${UNLOCKED_ROW}`,
    [connectionId, now, calendarErrorMessage(error)],
  ).catch(() => undefined);
}
