/*
 * Busy times from outside Frontdesk (a resource's connected calendar), as
 * booking consumes them. A leaf module: lib/calendar implements it without
 * importing lib/booking, and the app wiring passes it to createBooking.
 */

export interface ExternalBusyInterval {
  start: Date;
  end: Date;
}

/** Busy intervals overlapping [from, to) per resource id; a resource without a calendar is simply absent. */
export type ExternalBusy = (resourceIds: string[], from: Date, to: Date) => Promise<Map<string, ExternalBusyInterval[]>>;
