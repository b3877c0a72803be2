import "server-only";
import { ServiceNotFoundError, type UnavailableReason } from "./booking-errors";
import type { BookingStore, ServiceTerms } from "./booking-store";
import type { ExternalBusy } from "./external-busy";
import { addDays, instantAt, wallClockAt } from "./local-time";
import { dayLoadOf, diariesOf, performers, pickFree, unionSlots, working, type DayLoad, type Diary } from "./resource-slots";
import type { ResourceTerms } from "./resource-terms";
import { fitsOpeningHours, nearestSlots, overlapsBusy, type Schedule, type Slot } from "./slot-grid";

/*
 * The read side of booking: what is free, for whom, and what is nearest. A
 * time is free when one resource that performs the service is free then in
 * its own diary (effective hours, closures, bookings, external busy times).
 */

export interface BookingRules {
  /** Busy times from the resources' external calendars; none when absent. Runs on the booking's own connection when it has a transaction (lib/calendar's calendarBusy(sql)). */
  externalBusy?: ExternalBusy;
}

export type SlotCheck =
  | { status: "free"; startsAt: Date; endsAt: Date; resourceId: string; resourceName: string }
  | { status: UnavailableReason; alternatives: Slot[] };

/** One query's terms: the service, the business's schedule and the resources that may take it. */
export interface Scope {
  service: ServiceTerms;
  schedule: Schedule;
  performers: ResourceTerms[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Longest window one availability query may span; enough for "in two months", bounded for cost. */
const MAX_WINDOW_DAYS = 92;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function dayOf(instant: Date, timeZone: string): { start: Date; end: Date } {
  const date = wallClockAt(instant, timeZone).date;
  return { start: instantAt(date, 0, timeZone), end: instantAt(addDays(date, 1), 0, timeZone) };
}

export const endOf = (service: ServiceTerms, startsAt: Date) =>
  new Date(startsAt.getTime() + (service.durationMinutes + service.bufferMinutes) * MINUTE);

export function unbookableReason(schedule: Schedule, service: ServiceTerms, startsAt: Date, now: Date): UnavailableReason | null {
  if (startsAt < now) return "past";
  return fitsOpeningHours(schedule, startsAt, service.durationMinutes) ? null : "closed";
}

export function createAvailability(store: BookingStore, rules: BookingRules) {
  async function loadService(serviceId: string): Promise<ServiceTerms> {
    const service = UUID.test(serviceId) ? await store.service(serviceId) : null;
    if (!service) throw new ServiceNotFoundError(serviceId);
    return service;
  }

  async function scopeOf(serviceId: string, since: Date, resourceId?: string | null): Promise<Scope> {
    const service = await loadService(serviceId);
    const schedule = await store.schedule(since);
    return { service, schedule, performers: performers(await store.resources(), service.id, resourceId) };
  }

  /**
   * Only resources with a calendar are asked (most tenants have none: no
   * statement at all). A calendar outage never blocks a booking: its busy
   * times are then simply unknown.
   */
  async function externalBusyOf(scope: Scope, from: Date, to: Date) {
    const asked = scope.performers.filter((r) => r.calendar).map((r) => r.id);
    if (!rules.externalBusy || !asked.length) return null;
    return rules.externalBusy(asked, from, to).catch(() => null);
  }

  /** The performers' diaries over [from, to) with booked and external busy times, and the load per day. */
  async function diariesIn(scope: Scope, from: Date, to: Date, ignoreAppointmentId?: string): Promise<{ diaries: Diary[]; load: DayLoad }> {
    if (!scope.performers.length) return { diaries: [], load: () => 0 };
    const [booked, external] = await Promise.all([store.busy(from, to, ignoreAppointmentId), externalBusyOf(scope, from, to)]);
    return { diaries: diariesOf(scope.schedule, scope.performers, booked, external), load: dayLoadOf(booked, scope.schedule.timeZone) };
  }

  async function slotsIn(scope: Scope, from: Date, to: Date, now: Date, ignoreAppointmentId?: string): Promise<Slot[]> {
    const { service } = scope;
    const padding = (service.durationMinutes + service.bufferMinutes) * MINUTE;
    // From the first day's midnight: its earlier bookings count in whom "anyone" gets.
    const read = { from: dayOf(from, scope.schedule.timeZone).start, to: new Date(to.getTime() + padding) };
    const { diaries, load } = await diariesIn(scope, read.from, read.to, ignoreAppointmentId);
    return unionSlots(diaries, { durationMinutes: service.durationMinutes, bufferMinutes: service.bufferMinutes, now }, from, to, load);
  }

  /** Free slots of the service starting in [from, to), never before `now`. */
  async function findAvailableSlots(query: {
    serviceId: string;
    from: Date;
    to: Date;
    now?: Date;
    /** Treat this appointment's time as free (moving it). */
    ignoreAppointmentId?: string;
    /** Only this resource's times; absent: anyone who performs the service. */
    resourceId?: string | null;
  }): Promise<Slot[]> {
    const now = query.now ?? new Date();
    const from = query.from < now ? now : query.from;
    if (query.to <= from) return [];
    if (query.to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) {
      throw new RangeError(`An availability window may span at most ${MAX_WINDOW_DAYS} days`);
    }
    return slotsIn(await scopeOf(query.serviceId, from, query.resourceId), from, query.to, now, query.ignoreAppointmentId);
  }

  async function nearestIn(scope: Scope, wanted: Date, count: number, now: Date, ignoreAppointmentId?: string): Promise<Slot[]> {
    const { timeZone } = scope.schedule;
    const wantedDate = wallClockAt(wanted, timeZone).date;
    const earliest = instantAt(addDays(wantedDate, -7), 0, timeZone);
    const from = earliest < now ? now : earliest;
    // A week either side usually holds three free slots; a fully booked
    // fortnight widens the search once rather than giving up.
    for (const days of [21, MAX_WINDOW_DAYS - 8]) {
      const to = instantAt(addDays(wantedDate, days), 0, timeZone);
      if (to <= from) continue;
      const slots = await slotsIn(scope, from, to, now, ignoreAppointmentId);
      if (slots.length >= count || days !== 21) return nearestSlots(slots, wanted, timeZone, count);
    }
    return [];
  }

  /** The `count` free slots nearest to `wanted` (see `nearestSlots` for the order), for proposals. */
  async function nearestFreeSlots(
    serviceId: string,
    wanted: Date,
    count = 3,
    now: Date = new Date(),
    query: { ignoreAppointmentId?: string; resourceId?: string | null } = {},
  ): Promise<Slot[]> {
    return nearestIn(await scopeOf(serviceId, now, query.resourceId), wanted, count, now, query.ignoreAppointmentId);
  }

  /**
   * Whether `startsAt` can be booked right now, with whom ("anyone" gets the
   * least-booked free resource that day), and if not why and what is nearest.
   * A read for conversation flow only: the booking itself is decided by the database.
   */
  async function checkSlot(query: {
    serviceId: string;
    startsAt: Date;
    now?: Date;
    ignoreAppointmentId?: string;
    resourceId?: string | null;
  }): Promise<SlotCheck> {
    const now = query.now ?? new Date();
    const scope = await scopeOf(query.serviceId, now, query.resourceId);
    const { service, schedule } = scope;
    const endsAt = endOf(service, query.startsAt);
    let reason = unbookableReason(schedule, service, query.startsAt, now);
    if (!reason) {
      const day = dayOf(query.startsAt, schedule.timeZone);
      const to = day.end > endsAt ? day.end : endsAt;
      const { diaries, load } = await diariesIn(scope, day.start, to, query.ignoreAppointmentId);
      const free = pickFree(diaries, query.startsAt, endsAt, service.durationMinutes, load);
      if (free) return { status: "free", startsAt: query.startsAt, endsAt, resourceId: free.resource.id, resourceName: free.resource.name };
      reason = "taken";
    }
    return { status: reason, alternatives: await nearestIn(scope, query.startsAt, 3, now, query.ignoreAppointmentId) };
  }

  /** Performers whose hours hold the time and whose calendar is not busy then, by position then id. */
  async function candidatesAt(scope: Scope, startsAt: Date, endsAt: Date): Promise<ResourceTerms[]> {
    const external = await externalBusyOf(scope, startsAt, endsAt);
    const open = working(diariesOf(scope.schedule, scope.performers, [], external), startsAt, scope.service.durationMinutes);
    const free = new Set(open.filter((d) => !overlapsBusy(d.busy, startsAt, endsAt)).map((d) => d.resource.id));
    return scope.performers.filter((r) => free.has(r.id));
  }

  return { scopeOf, nearestIn, candidatesAt, findAvailableSlots, nearestFreeSlots, checkSlot };
}
