import { addDays, daysInMonth, isoWeekday, localDateOf, parseLocalDate, type LocalDate } from "@/lib/booking";
import { MONTHS, MONTH_PATTERN, ORDINAL, TIME_MARK, WEEKDAYS, WEEKDAY_PATTERN } from "./date-vocabulary";

/*
 * Days as callers name them, on the tenant's calendar. Conventions (callers
 * rely on them):
 * - a bare weekday, "mardi prochain" and "next Friday" mean the first such day
 *   after today; "ce mardi" / "this Tuesday" may be today;
 * - "mardi en huit" / "Tuesday week" is the one after that;
 * - a weekday with a day number ("lundi 14", "Monday the 14th") is that date,
 *   and the weekday is kept so the dialogue can ask when they disagree;
 * - "le 12" / "the 12th" is the next 12th, today included; when the 12th of
 *   this month has passed, the one that passed is kept to be mentioned;
 * - a day and month ("le 2 janvier") up to two months back is that past date,
 *   further back it is next year's; "hier", "last Monday" are past dates;
 * - numeric dates are day/month in French and month/day in English.
 */

export interface DayReading {
  date: LocalDate;
  weekday?: number;
  weekdayAlone?: boolean;
  passedDate?: LocalDate;
}

interface Today {
  date: LocalDate;
  weekday: number;
}

/** Dates further back than this are taken as next year's ("le 3 mars" said in November). */
const PAST_WINDOW_DAYS = 62;

function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function dayOfMonth(today: Today, day: number): DayReading | undefined {
  if (day < 1 || day > 31) return undefined;
  let { year, month } = parseLocalDate(today.date);
  const todayDay = parseLocalDate(today.date).day;
  const passedDate = day < todayDay && day <= daysInMonth(year, month) ? localDateOf(year, month, day) : undefined;
  if (day < todayDay) month += 1;
  for (let i = 0; i < 13; i++, month++) {
    if (month > 12) {
      month = 1;
      year += 1;
    }
    if (day <= daysInMonth(year, month)) return { date: localDateOf(year, month, day), ...(passedDate ? { passedDate } : {}) };
  }
  return undefined;
}

function monthDay(today: Today, month: number, day: number, year?: number): LocalDate | undefined {
  const current = parseLocalDate(today.date).year;
  if (year) return day >= 1 && day <= daysInMonth(year, month) ? localDateOf(year, month, day) : undefined;
  if (day < 1 || day > daysInMonth(current, month)) return undefined;
  // "December 30th" said in early January: last year's, just past, not next December.
  if (day <= daysInMonth(current - 1, month)) {
    const lastYear = localDateOf(current - 1, month, day);
    const ago = daysBetween(lastYear, today.date);
    if (ago > 0 && ago <= PAST_WINDOW_DAYS) return lastYear;
  }
  const thisYear = localDateOf(current, month, day);
  if (thisYear >= today.date || daysBetween(thisYear, today.date) <= PAST_WINDOW_DAYS) return thisYear;
  return day <= daysInMonth(current + 1, month) ? localDateOf(current + 1, month, day) : undefined;
}

function weekdayDate(today: Today, weekday: number, mayBeToday: boolean): LocalDate {
  const delta = (weekday - today.weekday + 7) % 7;
  return addDays(today.date, delta === 0 && !mayBeToday ? 7 : delta);
}

function lastWeekday(today: Today, weekday: number): LocalDate {
  const delta = (today.weekday - weekday + 7) % 7;
  return addDays(today.date, -(delta === 0 ? 7 : delta));
}

const yearOf = (text: string | undefined) => (!text ? undefined : text.length === 2 ? 2000 + Number(text) : Number(text));

/** The day `t` (normalized) names, relative to today on the tenant's calendar. */
export function parseDay(t: string, todayDate: LocalDate, locale: "fr" | "en"): DayReading | undefined {
  const today: Today = { date: todayDate, weekday: isoWeekday(todayDate) };
  let m: RegExpMatchArray | null;
  if ((m = t.match(/\b(\d{4})-(\d{2})-(\d{2})\b/))) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return { date: localDateOf(y, mo, d) };
  }
  if (/\bapres[- ]?demain\b|\bday after tomorrow\b/.test(t)) return { date: addDays(today.date, 2) };
  if (/\bavant[- ]?hier\b|\bday before yesterday\b/.test(t)) return { date: addDays(today.date, -2) };
  if (/\bdemain\b|\btomorrow\b/.test(t)) return { date: addDays(today.date, 1) };
  if (/\bhier\b|\byesterday\b/.test(t)) return { date: addDays(today.date, -1) };
  if (/\baujourd'?hui\b|\btoday\b|\btonight\b|\bce (soir|matin)\b|\bcet apres[- ]?midi\b|\bthis (morning|afternoon|evening)\b/.test(t)) {
    return { date: today.date };
  }
  const weeksAhead = /\bweek after next\b|\bsemaine (d'?)?apres (la )?prochaine\b/.test(t)
    ? 2
    : /\b(la )?semaine (prochaine|pro)\b|\bnext week\b/.test(t)
      ? 1
      : 0;
  if (weeksAhead) {
    // "mardi la semaine prochaine", "the week after next, Tuesday": that weekday of that week.
    const named = t.match(new RegExp(String.raw`\b(${WEEKDAY_PATTERN})\b`));
    const monday = addDays(today.date, 8 - today.weekday + 7 * (weeksAhead - 1));
    return { date: named ? addDays(monday, WEEKDAYS[named[1]!]! - 1) : monday };
  }
  if (/\b(?:ce|this|le|the|du|on the|au|pour le|for the)\s+week-?\s?ends?\b/.test(t)) {
    // "ce week-end", "this weekend": the coming Saturday, or today when the weekend has begun.
    return { date: today.weekday === 7 ? today.date : weekdayDate(today, 6, true) };
  }
  if (/\b(la )?semaine (derniere|passee)\b|\blast week\b/.test(t)) return { date: addDays(today.date, -(today.weekday - 1) - 7) };

  const weekdayBefore = String.raw`(?:(?:${WEEKDAY_PATTERN})\s*,?\s+(?:le\s+|the\s+)?)?`;
  if ((m = t.match(new RegExp(String.raw`\b(?:(${WEEKDAY_PATTERN})\s*,?\s+(?:le\s+|the\s+)?)?(\d{1,2})${ORDINAL}?\s+(?:de\s+|of\s+)?(${MONTH_PATTERN})\b(?:\s+(\d{4}))?`)))) {
    const date = monthDay(today, MONTHS[m[3]!]!, Number(m[2]), yearOf(m[4]));
    if (date) return { date, ...(m[1] ? { weekday: WEEKDAYS[m[1]]! } : {}) };
  }
  if ((m = t.match(new RegExp(String.raw`\b(?:(${WEEKDAY_PATTERN})\s*,?\s+)?(${MONTH_PATTERN})\s+(?:the\s+)?(\d{1,2})${ORDINAL}?\b(?!${TIME_MARK})(?:,?\s+(\d{4}))?`)))) {
    const date = monthDay(today, MONTHS[m[2]!]!, Number(m[3]), yearOf(m[4]));
    if (date) return { date, ...(m[1] ? { weekday: WEEKDAYS[m[1]]! } : {}) };
  }
  if ((m = t.match(new RegExp(String.raw`${weekdayBefore}\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?\b(?![.:]?\d)`)))) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [day, month] = locale === "en" && t.includes("/") ? [b, a] : [a, b];
    const named = t.match(new RegExp(String.raw`\b(${WEEKDAY_PATTERN})\s*,?\s+(?:le\s+|the\s+)?\d{1,2}[/.]`));
    if (month >= 1 && month <= 12) {
      const date = monthDay(today, month, day, yearOf(m[3]));
      if (date) return { date, ...(named ? { weekday: WEEKDAYS[named[1]!]! } : {}) };
    }
  }

  if ((m = t.match(new RegExp(String.raw`\b(${WEEKDAY_PATTERN})\s+(?:dernier|derniere|passe)\b|\blast\s+(${WEEKDAY_PATTERN})\b`)))) {
    return { date: lastWeekday(today, WEEKDAYS[(m[1] ?? m[2])!]!) };
  }
  const weekday = t.match(
    new RegExp(String.raw`\b(?:(ce|cette|this|next|coming)\s+)?(${WEEKDAY_PATTERN})s?\b(?:\s+(en huit|en quinze|week))?(?:\s*,?\s+(?:le\s+|the\s+)?(\d{1,2})${ORDINAL}?\b(?!${TIME_MARK}))?`),
  );
  if (weekday) {
    const named = WEEKDAYS[weekday[2]!]!;
    if (weekday[4]) {
      const day = dayOfMonth(today, Number(weekday[4]));
      if (day) return { ...day, weekday: named };
    }
    const mayBeToday = weekday[1] === "ce" || weekday[1] === "cette" || weekday[1] === "this";
    const date = weekdayDate(today, named, mayBeToday);
    if (weekday[3]) return { date: addDays(date, weekday[3] === "en quinze" ? 14 : 7) };
    return { date, ...(weekday[1] ? {} : { weekdayAlone: true }) };
  }

  if (
    (m = t.match(new RegExp(String.raw`\b(?:le|the|on the|du|au|for the|pour le|ce)\s+(\d{1,2})${ORDINAL}?\b(?!${TIME_MARK}|\s*(?:h|heures?|am|pm)\b|\s+(?:minutes?|min|jours?|days?|semaines?|weeks?|mois|months?|personnes?|people|ans|years?)\b)`))) ||
    (m = t.match(/\b(\d{1,2})(?:st|nd|rd|th|er|eme)\b/))
  ) {
    return dayOfMonth(today, Number(m[1]));
  }
  return undefined;
}
