import type { AppointmentStatus, Channel } from "@/lib/db/generated/client";
import type { ResourceTerms } from "./resource-terms";
import type { BookedInterval } from "./resource-slots";
import type { Schedule } from "./slot-grid";

/*
 * What the booking rules need from storage. The rules (booking-service.ts)
 * are written once; the console stores through Prisma, the receptionist's
 * turn through raw statements on its own transaction.
 */

/*
 * Appointment writes of one resource take turns. PostgreSQL checks an
 * exclusion constraint after inserting the row, so concurrent writes to one
 * slot each find the others' uncommitted rows and wait for them; the deadlock
 * detector breaks one such cycle per deadlock_timeout (1 s). Under this lock a
 * write never meets another uncommitted booked row of its resource; the
 * constraint still decides who gets the slot. Two resources of a tenant have
 * two keys, so their writes do not wait on each other. $1 is the resources'
 * ids in ascending order (a write for "anyone" holds all its candidates', so
 * every writer takes its keys in one global order); the tenant comes from the
 * statement's own setting.
 */
export const TAKE_TURN = `SELECT pg_advisory_xact_lock(hashtext('frontdesk.appointments'), hashtext(current_setting('app.tenant_id') || ':' || r))
  FROM unnest($1::text[]) AS r`;

/** The keys of a turn, in the one order every writer takes them. */
export function turnKeys(resourceIds: string[]): string[] {
  return [...new Set(resourceIds.map((id) => id.toLowerCase()))].sort();
}

/*
 * Books the first free candidate, in one statement under the candidates'
 * turn: $8 lists them by position then id, and the one with the fewest booked
 * appointments on the local day [$9, $10) wins, ties to the earlier one. No
 * row comes back when every candidate is taken at that time.
 */
export const INSERT_FIRST_FREE = `INSERT INTO appointments
    (tenant_id, id, service_id, client_id, conversation_id, starts_at, ends_at, channel, status, updated_at, resource_id)
  SELECT $1, gen_random_uuid(), $2, $3, $4, $5, $6, $7::"Channel", 'booked', now(), c.id
  FROM unnest($8::uuid[]) WITH ORDINALITY AS c(id, ord)
  WHERE NOT EXISTS (SELECT 1 FROM appointments a WHERE a.tenant_id = $1 AND a.resource_id = c.id
    AND a.status = 'booked' AND a.starts_at < $6 AND a.ends_at > $5)
  ORDER BY (SELECT count(*) FROM appointments d WHERE d.tenant_id = $1 AND d.resource_id = c.id
    AND d.status = 'booked' AND d.starts_at >= $9 AND d.starts_at < $10), c.ord
  LIMIT 1
  RETURNING id, resource_id AS "resourceId"`;

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
  resourceId: string;
  resourceName: string;
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

/** Who may take a new appointment, best first, and the local day whose load breaks ties. */
export interface Candidates {
  resourceIds: string[];
  dayStart: Date;
  dayEnd: Date;
}

export interface BookingStore {
  /** An active service, or null. */
  service(id: string): Promise<ServiceTerms | null>;
  /** Opening hours and the closures that can still matter after `since`. */
  schedule(since: Date): Promise<Schedule>;
  /** Every resource of the tenant, in display order. */
  resources(): Promise<ResourceTerms[]>;
  /** Booked intervals overlapping [from, to), with their resource. */
  busy(from: Date, to: Date, ignoreAppointmentId?: string): Promise<BookedInterval[]>;
  /** Inserts a booked row for the first free candidate in their turn; null when all are taken. The driver's error escapes on a conflict. */
  insert(row: NewAppointment, candidates: Candidates): Promise<{ id: string; resourceId: string } | null>;
  /** Moves a booked row (to `resourceId`) in that resource's turn; how many rows moved (0: no longer booked). */
  move(id: string, startsAt: Date, endsAt: Date, resourceId: string): Promise<number>;
  /** A booked appointment with its service's terms. */
  booked(id: string): Promise<(AppointmentSummary & { terms: ServiceTerms }) | null>;
  /** Cancels if booked; the row afterwards, whatever its status. */
  cancel(id: string): Promise<AppointmentSummary | null>;
  /** Booked appointments of these clients starting at or after `now`, soonest first. */
  upcoming(clientIds: string[], now: Date, limit: number): Promise<AppointmentSummary[]>;
}
