import "server-only";
import { createCalendarBusy, type CalendarBusy } from "./busy-times";
import type { CalendarSql } from "./calendar-sql";
import type { ExternalBusy } from "./calendar-types";

export { createCalendarBusy, FRESH_MS, STALE_MAX_MS, type CalendarBusy, type CalendarBusyOptions } from "./busy-times";
export type { CalendarSql } from "./calendar-sql";
export type { BusyInterval, ExternalBusy, CalendarAdapter } from "./calendar-types";
export { connectCalendarInput, type ConnectCalendarInput } from "./connection-input";
export { listCalendarConnections, listResourceCalendars, connectCalendar, disconnectCalendar, type CalendarConnectionSummary, type ResourceCalendar } from "./connections";
export { listCalendarConflicts, resolveCalendarConflict, resolveConflictInput, type CalendarConflict, type ConflictBooking } from "./conflicts";
export {
  startGoogleConnect,
  startGoogleConnectInput,
  googleOAuthEnabled,
  GOOGLE_OAUTH_CALLBACK_PATH,
  GOOGLE_OAUTH_FINISH_PATH,
  type GoogleConnectOutcome,
} from "./google-oauth";
export { handBackGoogleConsent, finishGoogleConnect, type FinishRequest } from "./google-oauth-finish";
export { receiveGooglePush, googlePushAddress, type PushOutcome } from "./google-push";
export { syncCalendars, type SyncSummary } from "./sync-pass";
export { writeThroughPending } from "./write-through";
export { reconcileExternalEdits } from "./reconcile";
export { googleEventId, caldavUid, caldavFilename } from "./event-identity";
export { calendarRows, conflictRows, type CalendarRow, type ConflictRow } from "./console-rows";

let shared: CalendarBusy | undefined;

/**
 * The app's external busy times (system clock, one cache per process). Give
 * `run` when the booking runs in a transaction: the lookup then uses that
 * connection instead of a second one from the pool.
 */
export function calendarBusy(run?: CalendarSql): ExternalBusy {
  const busy = (shared ??= createCalendarBusy());
  return run ? (resourceIds, from, to) => busy(resourceIds, from, to, run) : (resourceIds, from, to) => busy(resourceIds, from, to);
}
