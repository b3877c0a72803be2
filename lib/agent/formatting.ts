import { parseLocalDate, isoWeekday, wallClockAt, type LocalDate, type OpeningInterval } from "@/lib/booking";
import type { AgentLocale } from "./language";

/*
 * Dates and times as the receptionist says them. Written out by hand rather
 * than with Intl: ICU versions differ in spaces ("2:00 PM" with U+202F) and
 * punctuation, and replies must read the same on every machine.
 */

const WEEKDAY_NAMES: Record<AgentLocale, string[]> = {
  fr: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
  en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
};

const MONTH_NAMES: Record<AgentLocale, string[]> = {
  fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};

export function weekdayName(weekday: number, locale: AgentLocale): string {
  return WEEKDAY_NAMES[locale][weekday - 1]!;
}

export function formatTime(minutes: number, locale: AgentLocale): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = String(minutes % 60).padStart(2, "0");
  if (locale === "fr") return `${h}h${m}`;
  const suffix = h < 12 ? "AM" : "PM";
  return `${h % 12 === 0 ? 12 : h % 12}:${m} ${suffix}`;
}

export function formatDay(date: LocalDate, locale: AgentLocale): string {
  const { month, day } = parseLocalDate(date);
  const weekday = weekdayName(isoWeekday(date), locale);
  return locale === "fr"
    ? `${weekday} ${day === 1 ? "1er" : day} ${MONTH_NAMES.fr[month - 1]}`
    : `${weekday}, ${MONTH_NAMES.en[month - 1]} ${day}`;
}

export function formatDateTime(instant: Date, timeZone: string, locale: AgentLocale): string {
  const wall = wallClockAt(instant, timeZone);
  return `${formatDay(wall.date, locale)} ${locale === "fr" ? "à" : "at"} ${formatTime(wall.minutes, locale)}`;
}

export function joinAlternatives(items: string[], locale: AgentLocale, conjunction: "or" | "and" = "or"): string {
  const word = locale === "fr" ? (conjunction === "or" ? "ou" : "et") : conjunction;
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

/** "mardi 8 janvier à 9h30, 10h30 ou 10h45", or each slot in full when they span several days. */
export function formatSlotList(instants: Date[], timeZone: string, locale: AgentLocale): string {
  const walls = instants.map((i) => wallClockAt(i, timeZone));
  if (walls.length && walls.every((w) => w.date === walls[0]!.date)) {
    const times = walls.map((w) => formatTime(w.minutes, locale));
    return `${formatDay(walls[0]!.date, locale)} ${locale === "fr" ? "à" : "at"} ${joinAlternatives(times, locale)}`;
  }
  return joinAlternatives(
    instants.map((i) => formatDateTime(i, timeZone, locale)),
    locale,
  );
}

/** Opening hours as one sentence, consecutive days with the same hours grouped. */
export function formatOpeningHours(hours: OpeningInterval[], locale: AgentLocale): string {
  const byDay = new Map<number, string>();
  for (let d = 1; d <= 7; d++) {
    const intervals = hours.filter((h) => h.weekday === d).sort((a, b) => a.opensAt - b.opensAt);
    const text = intervals
      .map((h) =>
        locale === "fr"
          ? `de ${formatTime(h.opensAt, locale)} à ${formatTime(h.closesAt, locale)}`
          : `${formatTime(h.opensAt, locale)}–${formatTime(h.closesAt, locale)}`,
      )
      .join(locale === "fr" ? " et " : " and ");
    byDay.set(d, text);
  }
  const groups: Array<{ from: number; to: number; text: string }> = [];
  for (let d = 1; d <= 7; d++) {
    const text = byDay.get(d)!;
    const last = groups[groups.length - 1];
    if (last && last.text === text && last.to === d - 1) last.to = d;
    else groups.push({ from: d, to: d, text });
  }
  const open = groups.filter((g) => g.text);
  const closedDays = groups.filter((g) => !g.text).flatMap((g) => range(g.from, g.to));
  if (!open.length) return locale === "fr" ? "Nous n'avons pas d'horaires d'ouverture enregistrés." : "We have no opening hours on file.";
  const dayRange = (g: { from: number; to: number }) => {
    const a = weekdayName(g.from, locale);
    const b = weekdayName(g.to, locale);
    if (g.from === g.to) return locale === "fr" ? `le ${a}` : a;
    if (g.to === g.from + 1) return locale === "fr" ? `le ${a} et le ${b}` : `${a} and ${b}`;
    return locale === "fr" ? `du ${a} au ${b}` : `${a} to ${b}`;
  };
  const parts = open.map((g) => `${dayRange(g)} ${g.text}`);
  const closed = closedDays.map((d) => weekdayName(d, locale));
  if (locale === "fr") {
    const sentence = `Nous sommes ouverts ${parts.join(", ")}`;
    return closed.length ? `${sentence} ; fermé le ${joinAlternatives(closed, "fr", "and")}.` : `${sentence}.`;
  }
  const sentence = `We are open ${parts.join("; ")}`;
  return closed.length ? `${sentence}; closed ${joinAlternatives(closed, "en", "and")}.` : `${sentence}.`;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
