import { parseLocalDate, isoWeekday, wallClockAt, type LocalDate, type OpeningInterval } from "@/lib/booking";
import { CALENDAR_WORDS } from "./catalogue/calendar-words";
import type { AgentLocale } from "./language";

/* Dates, times, lists and amounts as the receptionist says them, from the calendar words of each language. */

export function weekdayName(weekday: number, locale: AgentLocale): string {
  return CALENDAR_WORDS[locale].weekdays[weekday - 1]!;
}

export function formatTime(minutes: number, locale: AgentLocale): string {
  return CALENDAR_WORDS[locale].time(minutes);
}

export function formatDay(date: LocalDate, locale: AgentLocale): string {
  const { month, day } = parseLocalDate(date);
  const words = CALENDAR_WORDS[locale];
  return words.day(weekdayName(isoWeekday(date), locale), day, words.months[month - 1]!);
}

/** "5 janvier" / "January 5": a date whose weekday is not the point. */
export function formatDayOfMonth(date: LocalDate, locale: AgentLocale): string {
  const { month, day } = parseLocalDate(date);
  const words = CALENDAR_WORDS[locale];
  return words.dayOfMonth(day, words.months[month - 1]!);
}

export function formatDateTime(instant: Date, timeZone: string, locale: AgentLocale): string {
  const wall = wallClockAt(instant, timeZone);
  return CALENDAR_WORDS[locale].dateTime(formatDay(wall.date, locale), formatTime(wall.minutes, locale));
}

export function joinAlternatives(items: string[], locale: AgentLocale, conjunction: "or" | "and" = "or"): string {
  return CALENDAR_WORDS[locale].list(items, conjunction);
}

export function formatDuration(minutes: number, locale: AgentLocale): string {
  return CALENDAR_WORDS[locale].duration(minutes);
}

/** Currency codes are stored as typed ("chf"); callers hear them in capitals. */
export function formatPrice(cents: number, currency: string | null, locale: AgentLocale): string {
  return CALENDAR_WORDS[locale].price(cents, (currency ?? "").toUpperCase()).trim();
}

/** "mardi 8 janvier à 9h30, 10h30 ou 10h45", or each slot in full when they span several days. */
export function formatSlotList(instants: Date[], timeZone: string, locale: AgentLocale): string {
  const walls = instants.map((i) => wallClockAt(i, timeZone));
  if (walls.length && walls.every((w) => w.date === walls[0]!.date)) {
    const times = walls.map((w) => formatTime(w.minutes, locale));
    return CALENDAR_WORDS[locale].dayAtTimes(formatDay(walls[0]!.date, locale), joinAlternatives(times, locale));
  }
  return joinAlternatives(
    instants.map((i) => formatDateTime(i, timeZone, locale)),
    locale,
  );
}

/** One day's intervals: "de 8h30 à 12h00 et de 13h30 à 18h00". */
export function formatIntervals(intervals: OpeningInterval[], locale: AgentLocale): string {
  const words = CALENDAR_WORDS[locale];
  return words.intervals(
    [...intervals].sort((a, b) => a.opensAt - b.opensAt).map((h) => words.interval(formatTime(h.opensAt, locale), formatTime(h.closesAt, locale))),
  );
}

/** Opening hours as one sentence, consecutive days with the same hours grouped. */
export function formatOpeningHours(hours: OpeningInterval[], locale: AgentLocale): string {
  const words = CALENDAR_WORDS[locale];
  const groups: Array<{ from: number; to: number; text: string }> = [];
  for (let d = 1; d <= 7; d++) {
    const text = formatIntervals(
      hours.filter((h) => h.weekday === d),
      locale,
    );
    const last = groups[groups.length - 1];
    if (last && last.text === text && last.to === d - 1) last.to = d;
    else groups.push({ from: d, to: d, text });
  }
  const open = groups.filter((g) => g.text);
  if (!open.length) return words.noOpeningHours;
  const closedDays = groups.filter((g) => !g.text).flatMap((g) => range(g.from, g.to));
  const dayRange = (g: { from: number; to: number }) =>
    words.weekdayRange(weekdayName(g.from, locale), weekdayName(g.to, locale), g.from === g.to ? "one" : g.to === g.from + 1 ? "two" : "span");
  return words.openingHours(
    open.map((g) => `${dayRange(g)} ${g.text}`),
    closedDays.map((d) => weekdayName(d, locale)),
  );
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
