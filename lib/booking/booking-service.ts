import "server-only";
import type { Channel } from "@/lib/db/generated/client";
import { AppointmentNotFoundError, SlotTakenError, SlotUnavailableError } from "./booking-errors";
import {
  UUID,
  createAvailability,
  dayOf,
  endOf,
  unbookableReason,
  type BookingRules,
  type Scope,
} from "./booking-availability";
import type { AppointmentSummary, BookingStore, ServiceTerms } from "./booking-store";
import { isDeadlockVictim, isExclusionViolation } from "./postgres-errors";
import { prismaBookingStore, type BookingDb, type PrismaStoreOptions } from "./prisma-booking-store";
import { performers } from "./resource-slots";
import type { ResourceTerms } from "./resource-terms";
import type { Schedule } from "./slot-grid";

export type { AppointmentSummary } from "./booking-store";
export type { BookingDb } from "./prisma-booking-store";
export type { BookingRules, SlotCheck } from "./booking-availability";

export interface BookingOptions extends PrismaStoreOptions, BookingRules {
  /**
   * For an instance that lives for one unit of work: read the tenant's
   * services, schedule and resources once. Never for a long-lived instance,
   * which must see configuration changes.
   */
  cacheReads?: boolean;
}

export interface BookingRequest {
  serviceId: string;
  clientId: string;
  startsAt: Date;
  /** Null when staff book by hand in the console. */
  channel: Channel | null;
  conversationId?: string | null;
  /** A specific resource; absent: anyone who performs the service. */
  resourceId?: string | null;
  now?: Date;
}

/** Tries of one appointment write when PostgreSQL picks it as a deadlock victim. */
const WRITE_ATTEMPTS = 4;

/** Reads services, the schedule and the resources once per instance (one unit of work). */
function readOnce(store: BookingStore): BookingStore {
  const services = new Map<string, Promise<ServiceTerms | null>>();
  let schedule: { since: Date; value: Promise<Schedule> } | undefined;
  let resources: Promise<ResourceTerms[]> | undefined;
  return {
    ...store,
    service(id) {
      let pending = services.get(id);
      if (!pending) services.set(id, (pending = store.service(id)));
      return pending;
    },
    schedule(since) {
      if (!schedule || since < schedule.since) schedule = { since, value: store.schedule(since) };
      return schedule.value;
    },
    resources: () => (resources ??= store.resources()),
  };
}

/** Booking through the tenant-scoped Prisma client or one of its interactive transactions. */
export function createBooking(db: BookingDb, options: BookingOptions = {}) {
  const store = prismaBookingStore(db, options);
  return createBookingOver(options.cacheReads ? readOnce(store) : store, options);
}

/** A resource newer than the configuration read: its own diary, the business's hours, its calendar asked in case it has one. */
function unlistedResource(id: string, name: string): ResourceTerms {
  return { id, name, kind: "staff", position: 0, isDefault: false, active: true, memberUserId: null, serviceIds: [], hours: [], closures: [], calendar: true };
}

/**
 * Availability and appointment writes for the current tenant over any
 * storage. Writes are single statements and the per-resource
 * `appointments_no_overlap` exclusion constraint decides conflicts: nothing
 * here checks and then inserts.
 */
export function createBookingOver(store: BookingStore, rules: BookingRules = {}) {
  const { scopeOf, nearestIn, candidatesAt, ...reads } = createAvailability(store, rules);

  /** A deadlock victim's row is gone, so a retry either goes through or meets the winner's row like any loser. */
  async function retryingDeadlocks<T>(write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (!isDeadlockVictim(error) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Books with one INSERT. Past times and times outside opening hours are
   * refused first (they do not race); the statement itself picks the free
   * candidate with the fewest bookings that day, and a time every candidate
   * holds (or an overlap the exclusion constraint refuses) becomes
   * SlotTakenError with the nearest alternatives.
   */
  async function bookAppointment(request: BookingRequest): Promise<AppointmentSummary> {
    const now = request.now ?? new Date();
    const scope = await scopeOf(request.serviceId, now, request.resourceId);
    const { service, schedule } = scope;
    const taken = async () => new SlotTakenError(request.startsAt, await nearestIn(scope, request.startsAt, 3, now));
    const reason = unbookableReason(schedule, service, request.startsAt, now);
    if (reason) throw new SlotUnavailableError(reason, request.startsAt, await nearestIn(scope, request.startsAt, 3, now));
    const endsAt = endOf(service, request.startsAt);
    const candidates = await candidatesAt(scope, request.startsAt, endsAt);
    if (!candidates.length) throw await taken();
    const day = dayOf(request.startsAt, schedule.timeZone);
    const row = {
      serviceId: service.id,
      clientId: request.clientId,
      conversationId: request.conversationId ?? null,
      startsAt: request.startsAt,
      endsAt,
      channel: request.channel,
    };
    const pick = { resourceIds: candidates.map((r) => r.id), dayStart: day.start, dayEnd: day.end };
    const inserted = await retryingDeadlocks(() => store.insert(row, pick)).catch((error: unknown) => {
      if (isExclusionViolation(error)) return null;
      throw error;
    });
    if (!inserted) throw await taken();
    const resource = candidates.find((r) => r.id === inserted.resourceId)!;
    return { id: inserted.id, ...row, service: service.name, resourceId: resource.id, resourceName: resource.name, status: "booked" };
  }

  /**
   * Moves a booked appointment with one UPDATE, keeping its resource unless
   * `resourceId` names another; the exclusion constraint decides as for a booking.
   */
  async function rescheduleAppointment(
    appointmentId: string,
    newStart: Date,
    query: { now?: Date; resourceId?: string | null } = {},
  ): Promise<AppointmentSummary> {
    const now = query.now ?? new Date();
    const current = UUID.test(appointmentId) ? await store.booked(appointmentId) : null;
    if (!current) throw new AppointmentNotFoundError(appointmentId);
    const { terms, ...summary } = current;
    const schedule = await store.schedule(now);
    const resources = await store.resources();
    const changing = query.resourceId && query.resourceId !== current.resourceId;
    // The kept resource holds the appointment even if it has since stopped performing the service.
    const kept = resources.find((r) => r.id === current.resourceId) ?? unlistedResource(current.resourceId, current.resourceName);
    const scope: Scope = { service: terms, schedule, performers: changing ? performers(resources, terms.id, query.resourceId) : [kept] };
    const target = scope.performers[0]!;
    const taken = async () => new SlotTakenError(newStart, await nearestIn(scope, newStart, 3, now, appointmentId));
    const reason = unbookableReason(schedule, terms, newStart, now);
    if (reason) throw new SlotUnavailableError(reason, newStart, await nearestIn(scope, newStart, 3, now, appointmentId));
    const endsAt = endOf(terms, newStart);
    if (!(await candidatesAt(scope, newStart, endsAt)).length) throw await taken();
    let moved: number;
    try {
      moved = await retryingDeadlocks(() => store.move(appointmentId, newStart, endsAt, target.id));
    } catch (error) {
      if (!isExclusionViolation(error)) throw error;
      throw await taken();
    }
    // Cancelled by someone else between the read and the write.
    if (moved === 0) throw new AppointmentNotFoundError(appointmentId);
    return { ...summary, startsAt: newStart, endsAt, resourceId: target.id, resourceName: target.name };
  }

  /** Cancels a booked appointment; cancelling one that is already cancelled returns it unchanged. */
  async function cancelAppointment(appointmentId: string): Promise<AppointmentSummary> {
    const row = UUID.test(appointmentId) ? await store.cancel(appointmentId) : null;
    if (!row || row.status !== "cancelled") throw new AppointmentNotFoundError(appointmentId);
    return row;
  }

  /** Booked appointments of the client(s) that have not started yet, soonest first. */
  async function findUpcomingAppointmentsForClient(
    clientId: string | string[],
    query: { now?: Date; limit?: number } = {},
  ): Promise<AppointmentSummary[]> {
    const ids = (Array.isArray(clientId) ? clientId : [clientId]).filter((id) => UUID.test(id));
    if (!ids.length) return [];
    return store.upcoming(ids, query.now ?? new Date(), query.limit ?? 10);
  }

  return {
    /** Every resource of the tenant in display order, as this instance's storage knows them. */
    listResources: () => store.resources(),
    ...reads,
    bookAppointment,
    rescheduleAppointment,
    cancelAppointment,
    findUpcomingAppointmentsForClient,
  };
}

export type Booking = ReturnType<typeof createBookingOver>;
