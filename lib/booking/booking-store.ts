import type { AppointmentStatus, Channel } from "@/lib/db/generated/client";
import type { BusyInterval, Schedule } from "./slot-grid";

/*
 * What the booking rules need from storage. The rules (booking-service.ts)
 * are written once; the console stores through Prisma, the receptionist's
 * turn through raw statements on its own transaction.
 */

/*
 * Appointment writes of one tenant take turns. PostgreSQL checks an exclusion
 * constraint after inserting the row, so concurrent writes to one slot each
 * find the others' uncommitted rows and wait for them; the deadlock detector
 * breaks one such cycle per deadlock_timeout (1 s). Under this lock a write
 * never meets another uncommitted booked row of its tenant; the constraint
 * still decides who gets the slot. The key comes from the statement's own
 * tenant setting.
 */
export const TAKE_TURN =
  "SELECT pg_advisory_xact_lock(hashtext('frontdesk.appointments'), hashtext(current_setting('app.tenant_id')))";

export interface ServiceTerms {
  id: string;
  name: string;
  durationMinutes: number;
  bufferMinutes: number;
}

export interface AppointmentSummary {
  id: string;
  serviceId: string;
  service: string;
  clientId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  channel: Channel | null;
  conversationId: string | null;
}

export interface NewAppointment {
  serviceId: string;
  clientId: string;
  conversationId: string | null;
  startsAt: Date;
  endsAt: Date;
  channel: Channel | null;
}

export interface BookingStore {
  /** An active service, or null. */
  service(id: string): Promise<ServiceTerms | null>;
  /** Opening hours and the closures that can still matter after `since`. */
  schedule(since: Date): Promise<Schedule>;
  /** Booked intervals overlapping [from, to). */
  busy(from: Date, to: Date, ignoreAppointmentId?: string): Promise<BusyInterval[]>;
  /** Inserts a booked row in the tenant's turn; the driver's error escapes on a conflict. */
  insert(row: NewAppointment): Promise<{ id: string }>;
  /** Moves a booked row in the tenant's turn; how many rows moved (0: no longer booked). */
  move(id: string, startsAt: Date, endsAt: Date): Promise<number>;
  /** A booked appointment with its service's terms. */
  booked(id: string): Promise<(AppointmentSummary & { terms: ServiceTerms }) | null>;
  /** Cancels if booked; the row afterwards, whatever its status. */
  cancel(id: string): Promise<AppointmentSummary | null>;
  /** Booked appointments of these clients starting at or after `now`, soonest first. */
  upcoming(clientIds: string[], now: Date, limit: number): Promise<AppointmentSummary[]>;
}
