import type { AgentLocale } from "../language";

/*
 * How each language writes days, times, lists, durations and prices. Written
 * out by hand rather than with Intl: ICU versions differ in spaces ("2:00 PM"
 * with U+202F) and punctuation, and replies must read the same on every machine.
 */
export interface CalendarWords {
  weekdays: readonly string[];
  months: readonly string[];
  time(minutes: number): string;
  day(weekday: string, day: number, month: string): string;
  /** A day without its weekday: "5 janvier", "January 5". */
  dayOfMonth(day: number, month: string): string;
  dateTime(day: string, time: string): string;
  /** The same day at several times: "mardi 8 janvier à 9h00, 9h15 ou 9h30". */
  dayAtTimes(day: string, times: string): string;
  closureRange(from: string, to: string): string;
  list(items: readonly string[], conjunction: "or" | "and"): string;
  duration(minutes: number): string;
  price(cents: number, currency: string): string;
  /** "today at 1:30 PM", "tomorrow at …", "on Tuesday, January 8 at …". */
  reopening(when: "today" | "tomorrow" | { day: string }, time: string): string;
  interval(from: string, to: string): string;
  intervals(items: readonly string[]): string;
  weekdayRange(from: string, to: string, kind: "one" | "two" | "span"): string;
  openingHours(groups: readonly string[], closedDays: readonly string[]): string;
  noOpeningHours: string;
}

function join(items: readonly string[], word: string): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

/** 1500 → "1 500" (fr) or "1,500" (en); cents only when there are some. */
function amount(cents: number, thousands: string, decimal: string): string {
  const units = Math.floor(cents / 100);
  const rest = cents % 100;
  const grouped = String(units).replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return rest ? `${grouped}${decimal}${String(rest).padStart(2, "0")}` : grouped;
}

const fr: CalendarWords = {
  weekdays: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
  months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  time: (minutes) => `${Math.floor(minutes / 60) % 24}h${String(minutes % 60).padStart(2, "0")}`,
  day: (weekday, day, month) => `${weekday} ${day === 1 ? "1er" : day} ${month}`,
  dayOfMonth: (day, month) => `${day === 1 ? "1er" : day} ${month}`,
  dateTime: (day, time) => `${day} à ${time}`,
  dayAtTimes: (day, times) => `${day} à ${times}`,
  closureRange: (from, to) => `du ${from} au ${to}`,
  list: (items, conjunction) => join(items, conjunction === "or" ? "ou" : "et"),
  duration: (minutes) => {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (!h) return `${m} min`;
    return m ? `${h} h ${String(m).padStart(2, "0")}` : `${h} h`;
  },
  price: (cents, currency) => `${amount(cents, " ", ",")} ${currency}`,
  reopening: (when, time) =>
    when === "today" ? `aujourd'hui à ${time}` : when === "tomorrow" ? `demain à ${time}` : `le ${when.day} à ${time}`,
  interval: (from, to) => `de ${from} à ${to}`,
  intervals: (items) => items.join(" et "),
  weekdayRange: (a, b, kind) => (kind === "one" ? `le ${a}` : kind === "two" ? `le ${a} et le ${b}` : `du ${a} au ${b}`),
  openingHours: (groups, closed) => {
    const sentence = `Nous sommes ouverts ${groups.join(", ")}`;
    return closed.length ? `${sentence} ; fermé le ${join(closed, "et")}.` : `${sentence}.`;
  },
  noOpeningHours: "Nous n'avons pas d'horaires d'ouverture enregistrés.",
};

const en: CalendarWords = {
  weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  time: (minutes) => {
    const h = Math.floor(minutes / 60) % 24;
    return `${h % 12 === 0 ? 12 : h % 12}:${String(minutes % 60).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
  },
  day: (weekday, day, month) => `${weekday}, ${month} ${day}`,
  dayOfMonth: (day, month) => `${month} ${day}`,
  dateTime: (day, time) => `${day} at ${time}`,
  dayAtTimes: (day, times) => `${day} at ${times}`,
  closureRange: (from, to) => `${from} to ${to}`,
  list: (items, conjunction) => join(items, conjunction),
  duration: (minutes) => {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (!h) return `${m} min`;
    return m ? `${h} hr ${m} min` : `${h} hr`;
  },
  price: (cents, currency) => `${amount(cents, ",", ".")} ${currency}`,
  reopening: (when, time) => (when === "today" ? `today at ${time}` : when === "tomorrow" ? `tomorrow at ${time}` : `on ${when.day} at ${time}`),
  interval: (from, to) => `${from}–${to}`,
  intervals: (items) => items.join(" and "),
  weekdayRange: (a, b, kind) => (kind === "one" ? a : kind === "two" ? `${a} and ${b}` : `${a} to ${b}`),
  openingHours: (groups, closed) => {
    const sentence = `We are open ${groups.join("; ")}`;
    return closed.length ? `${sentence}; closed ${join(closed, "and")}.` : `${sentence}.`;
  },
  noOpeningHours: "We have no opening hours on file.",
};

export const CALENDAR_WORDS: Record<AgentLocale, CalendarWords> = { fr, en };
