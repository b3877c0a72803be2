import "server-only";
import type { AppointmentStatus, Channel } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import {
  AppointmentNotFoundError,
  ServiceNotFoundError,
  SlotTakenError,
  SlotUnavailableError,
  type UnavailableReason,
} from "./booking-errors";
import { addDays, dbDateFromLocalDate, instantAt, localDateFromDbDate, wallClockAt } from "./local-time";
import { isDeadlockVictim, isExclusionViolation } from "./postgres-errors";
import {
  fitsOpeningHours,
  nearestSlots,
  overlapsBusy,
  slotsBetween,
  type BusyInterval,
  type Schedule,
  type Slot,
} from "./slot-grid";

/**
 * What booking needs from the tenant-scoped client; both the client and an
 * interactive transaction of it satisfy this.
 */
export type BookingDb = Pick<
  TenantDb,
  "tenant" | "service" | "openingHours" | "closure" | "appointment" | "$executeRawUnsafe"
> &
  // Only the client itself has it; an interactive transaction passes `savepoints` instead.
  Partial<Pick<TenantDb, "$transaction">>;

type WriteDb = Pick<TenantDb, "appointment" | "$executeRawUnsafe">;

/*
 * Appointment writes of one tenant take turns. PostgreSQL checks an exclusion
 * constraint after inserting the row, so concurrent writes to one slot each
 * find the others' uncommitted rows and wait for them; the deadlock detector
 * breaks one such cycle per deadlock_timeout (1 s). A 50-way race became a
 * convoy of one deadlock a second that outlived any timeout. Under this lock
 * a write never meets another uncommitted booked row of its tenant, so it
 * never waits on one; the constraint still decides who gets the slot. The
 * key comes from the statement's own tenant setting, and another tenant's
 * hash landing on the same key only costs it a short wait.
 */
const TAKE_TURN = "SELECT pg_advisory_xact_lock(hashtext('frontdesk.appointments'), hashtext(current_setting('app.tenant_id')))";

export interface BookingOptions {
  /**
   * Set when `db` is an interactive transaction: a refused INSERT aborts the
   * whole transaction in PostgreSQL, so writes run under a savepoint that is
   * rolled back on failure and the caller's transaction carries on.
   */
  savepoints?: boolean;
  /**
   * For an instance that lives for one unit of work (an agent turn): read the
   * tenant's zone, hours, closures and services once. Never for a long-lived
   * instance, which must see configuration changes.
   */
  cacheReads?: boolean;
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

const withServiceName = { service: { select: { name: true } } } as const;
const appointmentColumns = {
  id: true,
  serviceId: true,
  clientId: true,
  startsAt: true,
  endsAt: true,
  status: true,
  channel: true,
  conversationId: true,
} as const;

function summarize(row: {
  id: string;
  serviceId: string;
  clientId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  channel: Channel | null;
  conversationId: string | null;
  service: { name: string };
}): AppointmentSummary {
  return {
    id: row.id,
    serviceId: row.serviceId,
    service: row.service.name,
    clientId: row.clientId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: row.status,
    channel: row.channel,
    conversationId: row.conversationId,
  };
}

/**
 * Availability and appointment writes for the current tenant (from the
 * context, like every query of the tenant-scoped client). Writes are single
 * statements and the `appointments_no_overlap` exclusion constraint decides
 * conflicts: nothing here checks and then inserts.
 */
export function createBooking(db: BookingDb, options: BookingOptions = {}) {
  const services = new Map<string, Promise<{ id: string; name: string; durationMinutes: number; bufferMinutes: number } | null>>();
  let schedule: { since: Date; value: Promise<Schedule> } | undefined;

  async function loadService(serviceId: string) {
    if (!UUID.test(serviceId)) throw new ServiceNotFoundError(serviceId);
    let pending = options.cacheReads ? services.get(serviceId) : undefined;
    if (!pending) {
      pending = db.service.findFirst({
        where: { id: serviceId, active: true },
        select: { id: true, name: true, durationMinutes: true, bufferMinutes: true },
      });
      if (options.cacheReads) services.set(serviceId, pending);
    }
    const service = await pending;
    if (!service) throw new ServiceNotFoundError(serviceId);
    return service;
  }

  function loadSchedule(since: Date): Promise<Schedule> {
    if (!options.cacheReads) return readSchedule(since);
    if (!schedule || since < schedule.since) schedule = { since, value: readSchedule(since) };
    return schedule.value;
  }

  /** Opening hours and the closures that can still matter after `since`. */
  async function readSchedule(since: Date): Promise<Schedule> {
    const tenant = await db.tenant.findFirst({ select: { timezone: true } });
    if (!tenant) throw new Error("The current tenant does not exist");
    const hours = await db.openingHours.findMany({ select: { weekday: true, opensAt: true, closesAt: true } });
    const closures = await db.closure.findMany({
      where: { endsOn: { gte: dbDateFromLocalDate(addDays(since.toISOString().slice(0, 10), -1)) } },
      select: { startsOn: true, endsOn: true },
    });
    return {
      timeZone: tenant.timezone,
      hours,
      closures: closures.map((c) => ({ startsOn: localDateFromDbDate(c.startsOn), endsOn: localDateFromDbDate(c.endsOn) })),
    };
  }

  async function loadBusy(from: Date, to: Date, ignoreAppointmentId?: string): Promise<BusyInterval[]> {
    return db.appointment.findMany({
      where: {
        status: "booked",
        startsAt: { lt: to },
        endsAt: { gt: from },
        ...(ignoreAppointmentId ? { id: { not: ignoreAppointmentId } } : {}),
      },
      select: { startsAt: true, endsAt: true },
    });
  }

  /**
   * Runs one appointment write in its tenant's turn (see TAKE_TURN), in a
   * transaction of its own or under a savepoint of the caller's. A deadlock
   * victim is retried: its row is gone, so the retry either goes through or
   * meets the winner's row and is refused like any other loser.
   */
  async function guardedWrite<T>(write: (db: WriteDb) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await writeOnce(write);
      } catch (error) {
        if (!isDeadlockVictim(error) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  async function writeOnce<T>(write: (db: WriteDb) => Promise<T>): Promise<T> {
    if (!options.savepoints) {
      if (!db.$transaction) throw new Error("createBooking on a transaction needs { savepoints: true }");
      return db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(TAKE_TURN);
          return write(tx);
        },
        // Writes of one tenant queue for the turn, and all of them for a pooled connection.
        { maxWait: 10_000, timeout: 20_000 },
      );
    }
    await db.$executeRawUnsafe("SAVEPOINT booking_write");
    try {
      await db.$executeRawUnsafe(TAKE_TURN);
      const result = await write(db);
      await db.$executeRawUnsafe("RELEASE SAVEPOINT booking_write");
      return result;
    } catch (error) {
      await db.$executeRawUnsafe("ROLLBACK TO SAVEPOINT booking_write");
      throw error;
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
    const schedule = await loadSchedule(from);
    const padding = (service.durationMinutes + service.bufferMinutes) * MINUTE;
    const busy = await loadBusy(from, new Date(query.to.getTime() + padding), query.ignoreAppointmentId);
    return slotsBetween(
      { schedule, durationMinutes: service.durationMinutes, bufferMinutes: service.bufferMinutes, busy, now },
      from,
      query.to,
    );
  }

  async function nearestIn(
    service: { id: string; durationMinutes: number; bufferMinutes: number },
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
      const busy = await loadBusy(from, new Date(to.getTime() + padding), ignoreAppointmentId);
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
    const schedule = await loadSchedule(now);
    return nearestIn(service, schedule, wanted, count, now, query.ignoreAppointmentId);
  }

  async function refuseUnbookable(
    service: { id: string; durationMinutes: number; bufferMinutes: number },
    schedule: Schedule,
    startsAt: Date,
    now: Date,
    ignoreAppointmentId?: string,
  ): Promise<void> {
    const reason: UnavailableReason | null =
      startsAt < now ? "past" : !fitsOpeningHours(schedule, startsAt, service.durationMinutes) ? "closed" : null;
    if (reason) {
      const alternatives = await nearestIn(service, schedule, startsAt, 3, now, ignoreAppointmentId);
      throw new SlotUnavailableError(reason, startsAt, alternatives);
    }
  }

  /**
   * Whether `startsAt` can be booked right now, and if not why and what is
   * nearest. A read for conversation flow only: the booking itself is decided
   * by the database.
   */
  async function checkSlot(query: {
    serviceId: string;
    startsAt: Date;
    now?: Date;
    ignoreAppointmentId?: string;
  }): Promise<SlotCheck> {
    const now = query.now ?? new Date();
    const service = await loadService(query.serviceId);
    const schedule = await loadSchedule(now);
    const endsAt = new Date(query.startsAt.getTime() + (service.durationMinutes + service.bufferMinutes) * MINUTE);
    const reason: UnavailableReason | null =
      query.startsAt < now
        ? "past"
        : !fitsOpeningHours(schedule, query.startsAt, service.durationMinutes)
          ? "closed"
          : overlapsBusy(await loadBusy(query.startsAt, endsAt, query.ignoreAppointmentId), query.startsAt, endsAt)
            ? "taken"
            : null;
    if (!reason) return { status: "free", startsAt: query.startsAt, endsAt };
    return {
      status: reason,
      alternatives: await nearestIn(service, schedule, query.startsAt, 3, now, query.ignoreAppointmentId),
    };
  }

  /**
   * Books with one INSERT. Past times and times outside opening hours are
   * refused first (they do not race); an overlap is refused by the exclusion
   * constraint, which turns into SlotTakenError with the nearest alternatives.
   */
  async function bookAppointment(request: BookingRequest): Promise<AppointmentSummary> {
    const now = request.now ?? new Date();
    const service = await loadService(request.serviceId);
    const schedule = await loadSchedule(now);
    await refuseUnbookable(service, schedule, request.startsAt, now);
    const endsAt = new Date(request.startsAt.getTime() + (service.durationMinutes + service.bufferMinutes) * MINUTE);
    try {
      const row = await guardedWrite((writer) =>
        writer.appointment.create({
          data: {
            serviceId: service.id,
            clientId: request.clientId,
            conversationId: request.conversationId ?? null,
            startsAt: request.startsAt,
            endsAt,
            channel: request.channel,
            status: "booked",
          },
          // The service name comes from the read above: one statement fewer in the tenant's turn.
          select: appointmentColumns,
        }),
      );
      return summarize({ ...row, service: { name: service.name } });
    } catch (error) {
      if (!isExclusionViolation(error)) throw error;
      throw new SlotTakenError(request.startsAt, await nearestIn(service, schedule, request.startsAt, 3, now));
    }
  }

  /** Moves a booked appointment with one UPDATE; the exclusion constraint decides as for a booking. */
  async function rescheduleAppointment(
    appointmentId: string,
    newStart: Date,
    query: { now?: Date } = {},
  ): Promise<AppointmentSummary> {
    const now = query.now ?? new Date();
    const current = UUID.test(appointmentId)
      ? await db.appointment.findFirst({
          where: { id: appointmentId, status: "booked" },
          include: { service: { select: { name: true, durationMinutes: true, bufferMinutes: true } } },
        })
      : null;
    if (!current) throw new AppointmentNotFoundError(appointmentId);
    const service = { id: current.serviceId, ...current.service };
    const schedule = await loadSchedule(now);
    await refuseUnbookable(service, schedule, newStart, now, appointmentId);
    const endsAt = new Date(newStart.getTime() + (service.durationMinutes + service.bufferMinutes) * MINUTE);
    let count: number;
    try {
      ({ count } = await guardedWrite((writer) =>
        writer.appointment.updateMany({
          where: { id: appointmentId, status: "booked" },
          data: { startsAt: newStart, endsAt },
        }),
      ));
    } catch (error) {
      if (!isExclusionViolation(error)) throw error;
      throw new SlotTakenError(newStart, await nearestIn(service, schedule, newStart, 3, now, appointmentId));
    }
    // Cancelled by someone else between the read and the write.
    if (count === 0) throw new AppointmentNotFoundError(appointmentId);
    return summarize({ ...current, startsAt: newStart, endsAt });
  }

  /** Cancels a booked appointment; cancelling one that is already cancelled returns it unchanged. */
  async function cancelAppointment(appointmentId: string): Promise<AppointmentSummary> {
    if (!UUID.test(appointmentId)) throw new AppointmentNotFoundError(appointmentId);
    await db.appointment.updateMany({ where: { id: appointmentId, status: "booked" }, data: { status: "cancelled" } });
    const row = await db.appointment.findFirst({ where: { id: appointmentId }, include: withServiceName });
    if (!row || row.status !== "cancelled") throw new AppointmentNotFoundError(appointmentId);
    return summarize(row);
  }

  /** Booked appointments of the client(s) that have not started yet, soonest first. */
  async function findUpcomingAppointmentsForClient(
    clientId: string | string[],
    query: { now?: Date; limit?: number } = {},
  ): Promise<AppointmentSummary[]> {
    const ids = (Array.isArray(clientId) ? clientId : [clientId]).filter((id) => UUID.test(id));
    if (!ids.length) return [];
    const rows = await db.appointment.findMany({
      where: { clientId: { in: ids }, status: "booked", startsAt: { gte: query.now ?? new Date() } },
      orderBy: { startsAt: "asc" },
      take: query.limit ?? 10,
      include: withServiceName,
    });
    return rows.map(summarize);
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

export type Booking = ReturnType<typeof createBooking>;
