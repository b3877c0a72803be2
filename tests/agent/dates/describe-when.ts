import * as chrono from "chrono-node";
import { isoWeekday } from "@/lib/booking";
import { DAY_PART_WINDOWS, type DayPart } from "@/lib/agent/dates/when";

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

export interface WhenLike {
  date?: string;
  minutes?: number;
  period?: string;
  after?: number;
  before?: number;
  weekday?: number;
  soonest?: boolean;
}

/** A reading in the form date-phrases.ts writes expectations in. */
export function describeWhen(w: WhenLike | null): string | null {
  if (!w) return null;
  return [
    w.date,
    w.minutes !== undefined ? hhmm(w.minutes) : undefined,
    w.period,
    w.after !== undefined ? `after ${hhmm(w.after)}` : undefined,
    w.before !== undefined ? `before ${hhmm(w.before)}` : undefined,
    w.weekday !== undefined && w.date && isoWeekday(w.date) !== w.weekday ? `wd${w.weekday}` : undefined,
    w.soonest ? "asap" : undefined,
  ]
    .filter(Boolean)
    .join(" ");
}

/**
 * Whether chrono-node reads `phrase` as `expected`. chrono has no notion of a
 * part of the day, of bounds or of "as soon as possible": a part of the day
 * counts as read when the hour chrono implies falls inside it.
 */
export function chronoReads(phrase: string, locale: "fr" | "en", expected: string): boolean {
  const parser = locale === "fr" ? chrono.fr : chrono.en;
  // Components are compared, so the process time zone does not matter.
  const results = parser.parse(phrase, new Date(2030, 0, 7, 8, 0), { forwardDate: true });
  const dated = results.find((r) => r.start.isCertain("day") || r.start.isCertain("weekday"));
  const timed = results.find((r) => r.start.isCertain("hour"));
  const date = dated
    ? `${dated.start.get("year")}-${String(dated.start.get("month")).padStart(2, "0")}-${String(dated.start.get("day")).padStart(2, "0")}`
    : undefined;
  const minutes = timed ? timed.start.get("hour")! * 60 + (timed.start.get("minute") ?? 0) : undefined;
  const wanted = expected.split(" ");
  const period = wanted.find((w) => w in DAY_PART_WINDOWS) as DayPart | undefined;
  if (wanted.some((w) => w === "after" || w === "before" || w === "asap" || w.startsWith("wd"))) return false;
  const core = describeWhen({ ...(date ? { date } : {}), ...(minutes !== undefined ? { minutes } : {}) });
  const expectedCore = describeWhen({
    ...(wanted[0]?.match(/^\d{4}-/) ? { date: wanted[0] } : {}),
    ...(wanted.find((w) => /^\d{2}:\d{2}$/.test(w)) ? { minutes: toMinutes(wanted.find((w) => /^\d{2}:\d{2}$/.test(w))!) } : {}),
  });
  if (core !== expectedCore) return false;
  if (!period) return !!core;
  const hour = results.map((r) => r.start.get("hour")).find((h) => h !== null && h !== undefined);
  const window = DAY_PART_WINDOWS[period];
  return hour !== undefined && hour !== null && hour * 60 >= window.from && hour * 60 < window.to;
}

function toMinutes(text: string): number {
  const [h, m] = text.split(":").map(Number);
  return h! * 60 + m!;
}
