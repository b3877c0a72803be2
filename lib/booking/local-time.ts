/*
 * Wall-clock time in a tenant's IANA time zone, with nothing but Intl:
 * Temporal is not available on Node 20 and a date library would be a new
 * dependency for four functions.
 *
 * A local date is a "YYYY-MM-DD" string: it sorts, compares and serialises
 * (dialogue state, closures) without a time zone attached by accident.
 */

export type LocalDate = string;

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what a bad tenant row deserves.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  date: LocalDate;
  /** Minutes after local midnight. */
  minutes: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

function formattedFields(instant: Date, timeZone: string) {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year!,
    month: fields.month!,
    day: fields.day!,
    hour: fields.hour! % 24,
    minute: fields.minute!,
    second: fields.second!,
  };
}

/*
 * Intl's formatToParts costs microseconds, and availability asks it for
 * every candidate slot. A zone's offset only changes at a transition, and
 * transitions fall on a quarter hour in UTC, so the offset is computed once
 * per zone and quarter hour and the fields follow by arithmetic.
 */
const QUARTER_HOUR = 15 * MINUTE;
const offsets = new Map<string, number>();

function offsetMillis(instant: Date, timeZone: string): number {
  const bucket = Math.floor(instant.getTime() / QUARTER_HOUR);
  const key = `${timeZone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = new Date(bucket * QUARTER_HOUR);
    const f = formattedFields(start, timeZone);
    offset = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - start.getTime();
    if (offsets.size >= 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

function wallFields(instant: Date, timeZone: string) {
  const shifted = new Date(instant.getTime() + offsetMillis(instant, timeZone));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function localDateOf(year: number, month: number, day: number): LocalDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const [year, month, day] = date.split("-").map(Number);
  return { year: year!, month: month!, day: day! };
}

export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const f = wallFields(instant, timeZone);
  const date = localDateOf(f.year, f.month, f.day);
  return { date, minutes: f.hour * 60 + f.minute, weekday: isoWeekday(date) };
}

/** Offset from UTC in minutes at `instant` (+60 for Zurich in winter, -300 for Toronto). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  const f = wallFields(instant, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / MINUTE);
}

function wallMillis(date: LocalDate, minutes: number): number {
  const { year, month, day } = parseLocalDate(date);
  return Date.UTC(year, month - 1, day) + minutes * MINUTE;
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` + `minutes`.
 * A time skipped by a spring-forward change (02:30 in Zurich on the last
 * Sunday of March) moves forward by the size of the gap; a time that occurs
 * twice in autumn resolves to its first occurrence.
 */
export function instantAt(date: LocalDate, minutes: number, timeZone: string): Date {
  const wall = wallMillis(date, minutes);
  const before = utcOffsetMinutes(new Date(wall - DAY), timeZone);
  const after = utcOffsetMinutes(new Date(wall + DAY), timeZone);
  if (before === after) return new Date(wall - before * MINUTE);
  const matches = [before, after]
    .map((offset) => wall - offset * MINUTE)
    .filter((t) => {
      const w = wallClockAt(new Date(t), timeZone);
      return w.date === date && w.minutes === ((minutes % 1440) + 1440) % 1440;
    });
  if (matches.length) return new Date(Math.min(...matches));
  return new Date(wall - before * MINUTE);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(wallMillis(date, 0) + days * DAY);
  return localDateOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function isoWeekday(date: LocalDate): number {
  const day = new Date(wallMillis(date, 0)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week holding `date` (weeks run Monday to Sunday). */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((wallMillis(b, 0) - wallMillis(a, 0)) / DAY);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A PostgreSQL `date` as Prisma returns it (UTC midnight) → local date. */
export function localDateFromDbDate(value: Date): LocalDate {
  return value.toISOString().slice(0, 10);
}

export function dbDateFromLocalDate(date: LocalDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function formatMinutes(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** ISO 8601 with the zone's offset at that instant, e.g. "2030-01-08T10:00:00+01:00". */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant, timeZone);
  const offset = utcOffsetMinutes(instant, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const seconds = pad(new Date(instant).getUTCSeconds());
  return `${wall.date}T${formatMinutes(wall.minutes)}:${seconds}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
