import {
  addDays,
  daysInMonth,
  localDateOf,
  parseLocalDate,
  wallClockAt,
  type LocalDate,
} from "@/lib/booking";
import { normalizeText } from "./normalize-text";

/*
 * Dates and times as callers say them, in French and English, resolved on the
 * tenant's wall clock ("demain" at 23:30 in Toronto is the next Toronto day,
 * whatever the server's zone). The parser returns what was said; choosing a
 * day for a bare time or a time for a bare day is the dialogue's job.
 *
 * Conventions (documented because callers rely on them):
 * - a bare weekday, "mardi prochain" and "next Friday" mean the first such day
 *   after today; "ce mardi" / "this Tuesday" may be today;
 * - "le 12" / "the 12th" is the next 12th, today included;
 * - a bare hour from 1 to 7 without am/pm ("today at 4", "at 2:30") is taken
 *   as afternoon, since nobody books a salon at 4 in the morning; "16h",
 *   "4h" and "4 am" are taken literally;
 * - numeric dates are day/month in French and month/day in English.
 */

export type DayPeriod = "morning" | "afternoon" | "evening";

export interface WhenRequest {
  /** Local date, when a day was named. */
  date?: LocalDate;
  /** Minutes after local midnight, when a time was named. */
  minutes?: number;
  period?: DayPeriod;
  /** "vers 15h30", "around 3". */
  approximate: boolean;
  /** "dès que possible", "as soon as possible", "earliest". */
  soonest: boolean;
}

export const PERIOD_WINDOWS: Record<DayPeriod, { from: number; to: number; anchor: number }> = {
  morning: { from: 0, to: 12 * 60, anchor: 9 * 60 },
  afternoon: { from: 12 * 60, to: 18 * 60, anchor: 14 * 60 },
  evening: { from: 17 * 60, to: 24 * 60, anchor: 18 * 60 },
};

const WEEKDAYS: Record<string, number> = {
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
  dimanche: 7,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

const MONTHS: Record<string, number> = {
  janvier: 1,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

const SMALL_NUMBERS: Record<string, number> = { un: 1, une: 1, a: 1, an: 1, one: 1, deux: 2, two: 2, trois: 3, three: 3 };

const WEEKDAY_RE = Object.keys(WEEKDAYS).join("|");
const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");
/** What may follow a number that is an hour, not a day. */
const TIME_MARK = String.raw`\s*(?:h\b|h\d|heures?\b|:|am\b|pm\b)`;
const ORDINAL = String.raw`(?:er|re|eme|st|nd|rd|th)`;

interface Today {
  date: LocalDate;
  minutes: number;
  weekday: number;
}

function nextDayOfMonth(today: Today, day: number): LocalDate | undefined {
  if (day < 1 || day > 31) return undefined;
  let { year, month } = parseLocalDate(today.date);
  const todayDay = parseLocalDate(today.date).day;
  if (day < todayDay) month += 1;
  for (let i = 0; i < 13; i++, month++) {
    if (month > 12) {
      month = 1;
      year += 1;
    }
    if (day <= daysInMonth(year, month)) return localDateOf(year, month, day);
  }
  return undefined;
}

function nextMonthDay(today: Today, month: number, day: number, year?: number): LocalDate | undefined {
  const current = parseLocalDate(today.date).year;
  for (const y of year ? [year] : [current, current + 1]) {
    if (day < 1 || day > daysInMonth(y, month)) continue;
    const date = localDateOf(y, month, day);
    if (year || date >= today.date) return date;
  }
  return undefined;
}

function weekdayDate(today: Today, weekday: number, mayBeToday: boolean): LocalDate {
  const delta = (weekday - today.weekday + 7) % 7;
  return addDays(today.date, delta === 0 && !mayBeToday ? 7 : delta);
}

function parseDate(t: string, today: Today, locale: "fr" | "en"): LocalDate | undefined {
  let m: RegExpMatchArray | null;
  if ((m = t.match(/\b(\d{4})-(\d{2})-(\d{2})\b/))) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return localDateOf(y, mo, d);
  }
  if (/\bapres[- ]?demain\b|\bday after tomorrow\b/.test(t)) return addDays(today.date, 2);
  if (/\bdemain\b|\btomorrow\b/.test(t)) return addDays(today.date, 1);
  if (/\baujourd'?hui\b|\btoday\b|\btonight\b|\bce (soir|matin)\b|\bcet apres[- ]?midi\b|\bthis (morning|afternoon|evening)\b/.test(t)) {
    return today.date;
  }
  if (/\bla semaine prochaine\b|\bsemaine prochaine\b|\bnext week\b/.test(t)) return weekdayDate(today, 1, false);

  if ((m = t.match(new RegExp(String.raw`\b(\d{1,2})${ORDINAL}?\s+(?:de\s+|of\s+)?(${MONTH_RE})\b(?:\s+(\d{4}))?`)))) {
    const date = nextMonthDay(today, MONTHS[m[2]!]!, Number(m[1]), m[3] ? Number(m[3]) : undefined);
    if (date) return date;
  }
  if ((m = t.match(new RegExp(String.raw`\b(${MONTH_RE})\s+(?:the\s+)?(\d{1,2})${ORDINAL}?\b(?!${TIME_MARK})(?:,?\s+(\d{4}))?`)))) {
    const date = nextMonthDay(today, MONTHS[m[1]!]!, Number(m[2]), m[3] ? Number(m[3]) : undefined);
    if (date) return date;
  }
  if ((m = t.match(/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/))) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [day, month] = locale === "en" ? [b, a] : [a, b];
    const year = m[3] ? (m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])) : undefined;
    if (month >= 1 && month <= 12) {
      const date = nextMonthDay(today, month, day, year);
      if (date) return date;
    }
  }

  const weekday = t.match(new RegExp(String.raw`\b(?:(ce|cette|this|next|coming)\s+)?(${WEEKDAY_RE})\b(?:\s+(\d{1,2})${ORDINAL}?\b(?!${TIME_MARK}))?`));
  if (weekday) {
    if (weekday[3]) {
      const date = nextDayOfMonth(today, Number(weekday[3]));
      if (date) return date;
    }
    const mayBeToday = weekday[1] === "ce" || weekday[1] === "cette" || weekday[1] === "this";
    return weekdayDate(today, WEEKDAYS[weekday[2]!]!, mayBeToday);
  }

  if (
    (m = t.match(new RegExp(String.raw`\b(?:le|the|on the|du|au)\s+(\d{1,2})${ORDINAL}?\b(?!${TIME_MARK})`))) ||
    (m = t.match(/\b(\d{1,2})(?:st|nd|rd|th|er)\b/))
  ) {
    return nextDayOfMonth(today, Number(m[1]));
  }
  return undefined;
}

function parsePeriod(t: string): DayPeriod | undefined {
  if (/\bapres[- ]?midi\b|\bafternoon\b/.test(t)) return "afternoon";
  if (/\bmatin(ee)?\b|\bmorning\b/.test(t)) return "morning";
  if (/\bsoir(ee)?\b|\bevening\b|\btonight\b|\bfin de journee\b/.test(t)) return "evening";
  return undefined;
}

function fraction(word: string | undefined): number {
  if (!word) return 0;
  return word.startsWith("demi") ? 30 : word === "quart" ? 15 : 0;
}

/** Hour and minute as said, with whether am/pm was given and whether the hour was bare ("at 4"). */
function parseClock(t: string): { hour: number; minute: number; meridiem?: "am" | "pm"; bare: boolean } | undefined {
  let m: RegExpMatchArray | null;
  if ((m = t.match(/\b(\d{1,2})\s*h\s*(\d{2})\b/))) return { hour: Number(m[1]), minute: Number(m[2]), bare: false };
  if ((m = t.match(/\b(\d{1,2})\s*(?:h|heures?)\b(?:\s+et\s+(demie?|quart))?/))) {
    return { hour: Number(m[1]), minute: fraction(m[2]), bare: false };
  }
  if ((m = t.match(/\b(\d{1,2}):(\d{2})\s*(am|pm)?\b/))) {
    return { hour: Number(m[1]), minute: Number(m[2]), meridiem: m[3] as "am" | "pm" | undefined, bare: !m[3] };
  }
  if ((m = t.match(/\b(\d{1,2})\s*(am|pm)\b/))) return { hour: Number(m[1]), minute: 0, meridiem: m[2] as "am" | "pm", bare: false };
  if ((m = t.match(/\b(midi|noon)\b(?:\s+et\s+(demie?|quart))?/))) return { hour: 12, minute: fraction(m[2]), bare: false };
  if (/\b(minuit|midnight)\b/.test(t)) return { hour: 0, minute: 0, bare: false };
  if ((m = t.match(new RegExp(String.raw`\b(?:a|at|vers|around|about|@)\s+(\d{1,2})\b(?!\s*(?:${ORDINAL}\b|[/.:]\d|(?:${MONTH_RE})\b))`)))) {
    return { hour: Number(m[1]), minute: 0, bare: true };
  }
  return undefined;
}

function parseTime(t: string, period: DayPeriod | undefined): number | undefined {
  const clock = parseClock(t);
  if (!clock) return undefined;
  let { hour } = clock;
  const { minute } = clock;
  if (hour > 23 || minute > 59) return undefined;
  if (clock.meridiem === "pm" && hour < 12) hour += 12;
  else if (clock.meridiem === "am" && hour === 12) hour = 0;
  else if (!clock.meridiem && hour < 12 && (period === "afternoon" || period === "evening")) hour += 12;
  else if (!clock.meridiem && clock.bare && hour >= 1 && hour <= 7) hour += 12;
  return hour * 60 + minute;
}

interface Relative {
  value: Pick<WhenRequest, "date" | "minutes">;
  /** The text without the relative expression, so "dans 2 heures" is not also read as 2:00. */
  rest: string;
}

function parseRelative(t: string, now: Date, timeZone: string): Relative | undefined {
  const m = t.match(
    /\b(?:dans|in)\s+(\d{1,3}|une?|an?|one|deux|two|trois|three)\s+(minutes?|heures?|hours?|jours?|days?|semaines?|weeks?)\b/,
  );
  if (!m || m.index === undefined) return undefined;
  const rest = `${t.slice(0, m.index)} ${t.slice(m.index + m[0].length)}`;
  const n = SMALL_NUMBERS[m[1]!] ?? Number(m[1]);
  const unit = m[2]!;
  if (/^(minute|heure|hour)/.test(unit)) {
    const at = new Date(now.getTime() + n * (unit.startsWith("minute") ? 1 : 60) * 60_000);
    const wall = wallClockAt(at, timeZone);
    // Rounded up to the slot grid so "dans 2 heures" can match a slot.
    const minutes = Math.ceil(wall.minutes / 15) * 15;
    return { value: minutes >= 1440 ? { date: addDays(wall.date, 1), minutes: 0 } : { date: wall.date, minutes }, rest };
  }
  const today = wallClockAt(now, timeZone).date;
  return { value: { date: addDays(today, /^(semaine|week)/.test(unit) ? 7 * n : n) }, rest };
}

/**
 * What day, time or part of day `message` names, relative to `now` on the
 * `timeZone` wall clock; null when it names none.
 */
export function parseWhen(message: string, now: Date, timeZone: string, locale: "fr" | "en" = "fr"): WhenRequest | null {
  const t = normalizeText(message);
  const today = wallClockAt(now, timeZone);
  const approximate = /\b(vers|environ|around|about|approximately|aux alentours|ish)\b/.test(t);
  const soonest =
    /\b(des que possible|au plus (tot|vite)|le plus (tot|vite) possible|asap|as soon as possible|earliest|soonest|first available|premier (creneau|disponible))\b/.test(
      t,
    );
  const relative = parseRelative(t, now, timeZone);
  const rest = relative?.rest ?? t;
  const period = parsePeriod(rest);
  const date = relative?.value.date ?? parseDate(rest, today, locale);
  const minutes = relative?.value.minutes ?? parseTime(rest, period);
  if (date === undefined && minutes === undefined && !period && !soonest) return null;
  return {
    ...(date !== undefined ? { date } : {}),
    ...(minutes !== undefined ? { minutes } : {}),
    ...(period ? { period } : {}),
    approximate,
    soonest,
  };
}
