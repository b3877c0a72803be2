/*
 * Leaf types of lib/calendar, shared with lib/booking without an import of
 * either index (ExternalBusy is structurally the type lib/booking declares).
 */

export interface BusyInterval {
  start: Date;
  end: Date;
}

/** Busy times of external calendars, per resource id; resources without a calendar are absent. */
export type ExternalBusy = (resourceIds: string[], from: Date, to: Date) => Promise<Map<string, BusyInterval[]>>;

export type CalendarProviderName = "google" | "caldav";

/** The event Frontdesk keeps in a resource's calendar for one appointment. */
export interface CalendarEventBody {
  appointmentId: string;
  start: Date;
  end: Date;
  summary: string;
  description: string;
}

/** Where an event of ours stands in the external calendar; null when it was deleted there. */
export interface ExternalEventState {
  start: Date;
  end: Date;
}

export interface PutResult {
  externalId: string;
  etag: string | null;
}

/**
 * One connected calendar. Every write is idempotent by appointment: the
 * external id is derived from the appointment id, so a retry or a second
 * worker rewrites the same event instead of adding one.
 */
export interface CalendarAdapter {
  readonly provider: CalendarProviderName;
  freeBusy(from: Date, to: Date): Promise<BusyInterval[]>;
  putEvent(event: CalendarEventBody): Promise<PutResult>;
  /** Deleting an event that is already gone succeeds. */
  deleteEvent(appointmentId: string): Promise<void>;
  /** The current state of our events for these appointments (null = deleted or missing). */
  readEvents(appointmentIds: string[]): Promise<Map<string, ExternalEventState | null>>;
}

/** A calendar the server could not be reached at or refused: the message is safe to show and store. */
export class CalendarUnavailableError extends Error {
  readonly code = "calendar_unavailable";
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = "CalendarUnavailableError";
  }
}
