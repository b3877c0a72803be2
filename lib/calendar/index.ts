import "server-only";
import { createCalendarBusy } from "./busy-times";
import type { ExternalBusy } from "./calendar-types";

export { createCalendarBusy, FRESH_MS, STALE_MAX_MS, type CalendarBusyOptions } from "./busy-times";
export type { BusyInterval, ExternalBusy, CalendarAdapter } from "./calendar-types";
export { connectCalendarInput, type ConnectCalendarInput } from "./connection-input";
export { listCalendarConnections, listResourceCalendars, connectCalendar, disconnectCalendar, type CalendarConnectionSummary, type ResourceCalendar } from "./connections";
export { listCalendarConflicts, resolveCalendarConflict, resolveConflictInput, type CalendarConflict, type ConflictBooking } from "./conflicts";
export { receiveGooglePush, googlePushAddress, type PushOutcome } from "./google-push";
export { syncCalendars, type SyncSummary } from "./sync-pass";
export { writeThroughPending } from "./write-through";
export { reconcileExternalEdits } from "./reconcile";
export { googleEventId, caldavUid, caldavFilename } from "./event-identity";
export { calendarRows, conflictRows, type CalendarRow, type ConflictRow } from "./console-rows";

let shared: ExternalBusy | undefined;

/** The app's external busy times (system clock, one cache per process). */
export function calendarBusy(): ExternalBusy {
  // The embedded dev database serves one connection at a time, and a booking asks for busy times
  // while its transaction holds that connection: a second connection would wait forever there.
  shared ??= process.env.FRONTDESK_EMBEDDED_DB === "1" ? async () => new Map() : createCalendarBusy();
  return shared;
}
