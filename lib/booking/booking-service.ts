import "server-only";
import type { Channel } from "@/lib/db/generated/client";
import {
  AppointmentNotFoundError,
  ServiceNotFoundError,
  SlotTakenError,
  SlotUnavailableError,
  type UnavailableReason,
} from "./booking-errors";
import type { AppointmentSummary, BookingStore, ServiceTerms } from "./booking-store";
import { addDays, instantAt, wallClockAt } from "./local-time";
import { isDeadlockVictim, isExclusionViolation } from "./postgres-errors";
import { prismaBookingStore, type BookingDb, type PrismaStoreOptions } from "./prisma-booking-store";
import { fitsOpeningHours, nearestSlots, overlapsBusy, slotsBetween, type Schedule, type Slot } from "./slot-grid";

export type { AppointmentSummary } from "./booking-store";
export type { BookingDb } from "./prisma-booking-store";

export interface BookingOptions extends PrismaStoreOptions {
  /**
   * For an instance that lives for one unit of work: read the tenant's
   * services and schedule once. Never for a long-lived instance, which must
   * see configuration changes.
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
  now?: Date;
}

export type SlotCheck =
  | { status: "free"; startsAt: Date; endsAt: Date }
  | { status: UnavailableReason; alternatives: Slot[] };

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Longest window one availability query may span; enough for "in two months", bounded for cost. */
const MAX_WINDOW_DAYS = 92;
/** Tries of one appointment write when PostgreSQL picks it as a deadlock victim. */
const WRITE_ATTEMPTS = 4;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads services and the schedule once per instance (one unit of work). */
function readOnce(store: BookingStore): BookingStore {
  const services = new Map<string, Promise<ServiceTerms | null>>();
  let schedule: { since: Date; value: Promise<Schedule> } | undefined;
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
  };
}

/** Booking through the tenant-scoped Prisma client or one of its interactive transactions. */
export function createBooking(db: BookingDb, options: BookingOptions = {}) {
  const store = prismaBookingStore(db, options);
  return createBookingOver(options.cacheReads ? readOnce(store) : store);
}

/**
 * Availability and appointment writes for the current tenant over any
 * storage. Writes are single statements and the `appointments_no_overlap`
 * exclusion constraint decides conflicts: nothing here checks and then inserts.
 */
export function createBookingOver(store: BookingStore) {
  async function loadService(serviceId: string): Promise<ServiceTerms> {
    const service = UUID.test(serviceId) ? await store.service(serviceId) : null;
    if (!service) throw new ServiceNotFoundError(serviceId);
    return service;
  }

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

  interface SlotQuery {
    serviceId: string;
    from: Date;
    to: Date;
    now?: Date;
    /** Treat this appointment's time as free (moving it). */
    ignoreAppointmentId?: string;
  }

  /** Free slots of the service starting in [from, to), never before `now`. */
  async function findAvailableSlots(query: SlotQuery): Promise<Slot[]> {
    const now = query.now ?? new Date();
    const from = query.from < now ? now : query.from;
    if (query.to <= from) return [];
    if (query.to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) {
      throw new RangeError(`An availability window may span at most ${MAX_WINDOW_DAYS} days`);
    }
    const service = await loadService(query.serviceId);
    const schedule = await store.schedule(from);
    const padding = (service.durationMinutes + service.bufferMinutes) * MINUTE;
    const busy = await store.busy(from, new Date(query.to.getTime() + padding), query.ignoreAppointmentId);
    return slotsBetween(
      { schedule, durationMinutes: service.durationMinutes, bufferMinutes: service.bufferMinutes, busy, now },
      from,
      query.to,
    );
  }

  async function nearestIn(
    service: ServiceTerms,
    schedule: Schedule,
    wanted: Date,
    count: number,
    now: Date,
    ignoreAppointmentId?: string,
  ): Promise<Slot[]> {
    const wantedDate = wallClockAt(wanted, schedule.timeZone).date;
    const earliest = instantAt(addDays(wantedDate, -7), 0, schedule.timeZone);
    const from = earliest < now ? now : earliest;
    // A week either side usually holds three free slots; a fully booked
    // fortnight widens the search once rather than giving up.
    for (const days of [21, MAX_WINDOW_DAYS - 8]) {
      const to = instantAt(addDays(wantedDate, days), 0, schedule.timeZone);
      if (to <= from) continue;
      const padding = (service.durationMinutes + service.bufferMinutes) * MINUTE;
      const busy = await store.busy(from, new Date(to.getTime() + padding), ignoreAppointmentId);
      const slots = slotsBetween(
        { schedule, durationMinutes: service.durationMinutes, bufferMinutes: service.bufferMinutes, busy, now },
        from,
        to,
      );
      if (slots.length >= count || days !== 21) return nearestSlots(slots, wanted, schedule.timeZone, count);
    }
    return [];
  }

  /** The `count` free slots nearest to `wanted` (see `nearestSlots` for the order), for proposals. */
  async function nearestFreeSlots(
    serviceId: string,
    wanted: Date,
    count = 3,
    now: Date = new Date(),
    query: { ignoreAppointmentId?: string } = {},
  ): Promise<Slot[]> {
    const service = await loadService(serviceId);
    return nearestIn(service, await store.schedule(now), wanted, count, now, query.ignoreAppointmentId);
  }

  function unbookableReason(schedule: Schedule, service: ServiceTerms, startsAt: Date, now: Date): UnavailableReason | null {
    if (startsAt < now) return "past";
    return fitsOpeningHours(schedule, startsAt, service.durationMinutes) ? null : "closed";
  }

  /**
   * Whether `startsAt` can be booked right now, and if not why and what is
   * nearest. A read for conversation flow only: the booking itself is decided
   * by the database.
   */
  async function checkSlot(query: { serviceId: string; startsAt: Date; now?: Date; ignoreAppointmentId?: string }): Promise<SlotCheck> {
    const now = query.now ?? new Date();
    const service = await loadService(query.serviceId);
    const schedule = await store.schedule(now);
    const endsAt = new Date(query.startsAt.getTime() + (service.durationMinutes + service.bufferMinutes) * MINUTE);
    const reason =
      unbookableReason(schedule, service, query.startsAt, now) ??
      (overlapsBusy(await store.busy(query.startsAt, endsAt, query.ignoreAppointmentId), query.startsAt, endsAt) ? "taken" : null);
    if (!reason) return { status: "free", startsAt: query.startsAt, endsAt };
    return { status: reason, alternatives: await nearestIn(service, schedule, query.startsAt, 3, now, query.ignoreAppointmentId) };
  }

  /**
   * Books with one INSERT. Past times and times outside opening hours are
   * refused first (they do not race); an overlap is refused by the exclusion
   * constraint, which turns into SlotTakenError with the nearest alternatives.
   */
  async function bookAppointment(request: BookingRequest): Promise<AppointmentSummary> {
    const now = request.now ?? new Date();
    const service = await loadService(request.serviceId);
    const schedule = await store.schedule(now);
    const reason = unbookableReason(schedule, service, request.startsAt, now);
    if (reason) throw new SlotUnavailableError(reason, request.startsAt, await nearestIn(service, schedule, request.startsAt, 3, now));
    const endsAt = new Date(request.startsAt.getTime() + (service.durationMinutes + service.bufferMinutes) * MINUTE);
    const row = {
      serviceId: service.id,
      clientId: request.clientId,
      conversationId: request.conversationId ?? null,
      startsAt: request.startsAt,
      endsAt,
      channel: request.channel,
    };
    try {
      const { id } = await retryingDeadlocks(() => store.insert(row));
      return { id, ...row, service: service.name, status: "booked" };
    } catch (error) {
      if (!isExclusionViolation(error)) throw error;
      throw new SlotTakenError(request.startsAt, await nearestIn(service, schedule, request.startsAt, 3, now));
    }
  }

  /** Moves a booked appointment with one UPDATE; the exclusion constraint decides as for a booking. */
  async function rescheduleAppointment(appointmentId: string, newStart: Date, query: { now?: Date } = {}): Promise<AppointmentSummary> {
    const now = query.now ?? new Date();
    const current = UUID.test(appointmentId) ? await store.booked(appointmentId) : null;
    if (!current) throw new AppointmentNotFoundError(appointmentId);
    const { terms, ...summary } = current;
    const schedule = await store.schedule(now);
    const reason = unbookableReason(schedule, terms, newStart, now);
    if (reason) throw new SlotUnavailableError(reason, newStart, await nearestIn(terms, schedule, newStart, 3, now, appointmentId));
    const endsAt = new Date(newStart.getTime() + (terms.durationMinutes + terms.bufferMinutes) * MINUTE);
    let moved: number;
    try {
      moved = await retryingDeadlocks(() => store.move(appointmentId, newStart, endsAt));
    } catch (error) {
      if (!isExclusionViolation(error)) throw error;
      throw new SlotTakenError(newStart, await nearestIn(terms, schedule, newStart, 3, now, appointmentId));
    }
    // Cancelled by someone else between the read and the write.
    if (moved === 0) throw new AppointmentNotFoundError(appointmentId);
    return { ...summary, startsAt: newStart, endsAt };
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
    findAvailableSlots,
    nearestFreeSlots,
    checkSlot,
    bookAppointment,
    rescheduleAppointment,
    cancelAppointment,
    findUpcomingAppointmentsForClient,
  };
}

export type Booking = ReturnType<typeof createBookingOver>;
