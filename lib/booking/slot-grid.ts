import {
  addDays,
  daysBetween,
  formatMinutes,
  instantAt,
  isoWeekday,
  wallClockAt,
  type LocalDate,
} from "./local-time";

/*
 * Pure slot arithmetic: no database, so the rules are easy to test and the
 * same code answers "what is free" for the agent, the tools and the console.
 */

/**
 * Slots start every 15 minutes from each opening interval's start, whatever
 * the service's length: a 45-minute cleaning can then follow a 30-minute
 * checkup without a gap, and callers asking for "10h15" get it.
 */
export const SLOT_STEP_MINUTES = 15;

export interface OpeningInterval {
  weekday: number;
  opensAt: number;
  closesAt: number;
}

export interface Schedule {
  timeZone: string;
  hours: OpeningInterval[];
  /** Inclusive local dates. */
  closures: Array<{ startsOn: LocalDate; endsOn: LocalDate }>;
}

export interface BusyInterval {
  startsAt: Date;
  endsAt: Date;
}

/** A free start time on one diary's grid. */
export interface GridSlot {
  startsAt: Date;
  /** As stored on the appointment: the service's end plus its buffer. */
  endsAt: Date;
  localDate: LocalDate;
  /** "HH:MM" on the tenant's wall clock. */
  localTime: string;
}

/** A free time as offered: with the resource that would take it (the one chosen for "anyone", or the one asked for). */
export interface Slot extends GridSlot {
  resourceId: string;
  resourceName: string;
}

export interface SlotRequest {
  schedule: Schedule;
  durationMinutes: number;
  bufferMinutes: number;
  busy: BusyInterval[];
  now: Date;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export function isClosedOn(schedule: Schedule, date: LocalDate): boolean {
  return schedule.closures.some((c) => c.startsOn <= date && date <= c.endsOn);
}

export function intervalsOn(schedule: Schedule, date: LocalDate): OpeningInterval[] {
  if (isClosedOn(schedule, date)) return [];
  const weekday = isoWeekday(date);
  return schedule.hours.filter((h) => h.weekday === weekday).sort((a, b) => a.opensAt - b.opensAt);
}

/** Whether the service, started at `startsAt`, lies inside one opening interval (the buffer may run past closing). */
export function fitsOpeningHours(schedule: Schedule, startsAt: Date, durationMinutes: number): boolean {
  const wall = wallClockAt(startsAt, schedule.timeZone);
  return intervalsOn(schedule, wall.date).some(
    (h) => h.opensAt <= wall.minutes && wall.minutes + durationMinutes <= h.closesAt,
  );
}

export function overlapsBusy(busy: BusyInterval[], startsAt: Date, endsAt: Date): boolean {
  return busy.some((b) => b.startsAt < endsAt && startsAt < b.endsAt);
}

/**
 * Local minutes → instant for one date. On the 363 days a year that have 24
 * hours that is one addition; on a DST-change day each slot goes through Intl
 * and is labelled with the wall time it really falls on (02:30 on a
 * spring-forward day is 03:30), so `exact` is false.
 */
function clockFor(date: LocalDate, timeZone: string): { at: (minutes: number) => Date; exact: boolean } {
  const start = instantAt(date, 0, timeZone).getTime();
  const next = instantAt(addDays(date, 1), 0, timeZone).getTime();
  if (next - start === DAY) return { at: (minutes) => new Date(start + minutes * MINUTE), exact: true };
  return { at: (minutes) => instantAt(date, minutes, timeZone), exact: false };
}

/** Free slots on one local date, in order. */
export function slotsOnDate(request: SlotRequest, date: LocalDate): GridSlot[] {
  const { schedule, durationMinutes, bufferMinutes, busy, now } = request;
  const intervals = intervalsOn(schedule, date);
  if (!intervals.length) return [];
  const clock = clockFor(date, schedule.timeZone);
  const slots: GridSlot[] = [];
  let last = -Infinity;
  for (const interval of intervals) {
    for (let m = interval.opensAt; m + durationMinutes <= interval.closesAt; m += SLOT_STEP_MINUTES) {
      const startsAt = clock.at(m);
      // A spring-forward gap maps two wall times to one instant; keep it once.
      if (startsAt.getTime() <= last) continue;
      last = startsAt.getTime();
      let minutes = m;
      if (!clock.exact) {
        const wall = wallClockAt(startsAt, schedule.timeZone);
        if (wall.date !== date) continue;
        minutes = wall.minutes;
        if (minutes < interval.opensAt || minutes + durationMinutes > interval.closesAt) continue;
      }
      if (startsAt < now) continue;
      const endsAt = new Date(startsAt.getTime() + (durationMinutes + bufferMinutes) * MINUTE);
      if (overlapsBusy(busy, startsAt, endsAt)) continue;
      slots.push({ startsAt, endsAt, localDate: date, localTime: formatMinutes(minutes) });
    }
  }
  return slots;
}

/** Free slots starting in [from, to). */
export function slotsBetween(request: SlotRequest, from: Date, to: Date): GridSlot[] {
  const tz = request.schedule.timeZone;
  const first = wallClockAt(from, tz).date;
  const last = wallClockAt(to, tz).date;
  const out: GridSlot[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    for (const slot of slotsOnDate(request, date)) {
      if (slot.startsAt >= from && slot.startsAt < to) out.push(slot);
    }
  }
  return out;
}

/**
 * The `count` free slots nearest to `wanted`, in chronological order. Nearness
 * is by day first (the wanted day, then the closest other day, the later one
 * on a tie), then by time of day: someone who asked for Sunday 10:00 when the
 * office is closed on Sundays is offered Monday around 10:00, not Saturday's
 * last minutes.
 */
export function nearestSlots<S extends GridSlot>(slots: S[], wanted: Date, timeZone: string, count: number): S[] {
  const target = wallClockAt(wanted, timeZone);
  const minutesOf = (s: GridSlot) => Number(s.localTime.slice(0, 2)) * 60 + Number(s.localTime.slice(3));
  const ranked = slots
    .map((slot) => {
      const dayGap = daysBetween(target.date, slot.localDate);
      const timeGap = minutesOf(slot) - target.minutes;
      return { slot, key: [Math.abs(dayGap), dayGap < 0 ? 1 : 0, Math.abs(timeGap), timeGap < 0 ? 1 : 0] };
    })
    .sort((a, b) => {
      for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i]! - b.key[i]!;
      return 0;
    });
  return ranked
    .slice(0, count)
    .map((r) => r.slot)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
