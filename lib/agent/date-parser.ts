import { addDays, wallClockAt } from "@/lib/booking";
import { parseClock } from "./dates/clock-parser";
import { numberWordsToDigits, respell } from "./dates/date-vocabulary";
import { parseDay } from "./dates/day-parser";
import type { DayPart, WhenRequest } from "./dates/when";
import { normalizeText } from "./normalize-text";

/*
 * Dates and times as callers say them, in French and English, resolved on the
 * tenant's wall clock ("demain" at 23:30 in Toronto is the next Toronto day,
 * whatever the server's zone). Days: dates/day-parser.ts; times and bounds:
 * dates/clock-parser.ts; spellings and numbers in words: dates/date-vocabulary.ts.
 */

const SMALL_NUMBERS: Record<string, number> = {
  un: 1, une: 1, a: 1, an: 1, one: 1, deux: 2, two: 2, trois: 3, three: 3, "a couple of": 2, "a couple": 2, "a few": 3, quelques: 3,
};

/** Parts of the day, the narrower ones first so "fin d'après-midi" is not just "après-midi". */
const DAY_PART_WORDS: Array<[DayPart, RegExp]> = [
  ["early_morning", /\b(tot le matin|de bon matin|(en )?debut de (la )?matinee|debut de matin|early (in the )?morning|first thing( in the morning)?)\b/],
  ["late_morning", /\b((en )?fin de (la )?matinee|fin de matin|tard (dans )?la matinee|late (in the )?morning|end of the morning|mid[- ]?morning|milieu de (la )?matinee)\b/],
  ["lunch", /\b(heure du (dejeuner|dej)|pause (dejeuner|dej|de midi)|entre midi et (deux|2|14h)|(heure|temps|pause) (de|du) midi|heure de table|lunch ?time|lunch ?break|over lunch|at lunch|during lunch)\b/],
  ["early_afternoon", /\b((en )?debut (d'|d |de l')?apres[- ]?midi|tot (dans )?l'apres[- ]?midi|early (in the )?afternoon)\b/],
  [
    "late_afternoon",
    /\b((en )?fin (d'|d |de l')?apres[- ]?midi|tard (dans )?l'apres[- ]?midi|late (in the )?afternoon|(en )?fin de (la )?journee|end of (the )?day|after work|apres (le )?(travail|boulot|taf))\b/,
  ],
  ["afternoon", /\b(apres[- ]?midi|afternoon)\b/],
  ["morning", /\b(matin|matinee|morning)\b/],
  ["evening", /\b(soir|soiree|evening|tonight|souper|heure du diner)\b/],
];

/*
 * In Switzerland, Belgium and Québec "le dîner" is lunch (and "le souper" the
 * evening meal); in France and Algeria it is the evening meal.
 */
const DINER_IS_LUNCH = new Set(["CH", "BE", "CA"]);
const REGIONAL_LUNCH: [DayPart, RegExp] = ["lunch", /\b((heure|temps|pause) (du|de) diner|(sur|a|pour|pendant) (le|l'heure du) diner)\b/];

/** The part of the day named, and the text without its words ("pause de midi" is not noon sharp). */
function dayPartOf(text: string, region: string | undefined): { period?: DayPart; rest: string } {
  const found = region && DINER_IS_LUNCH.has(region) && REGIONAL_LUNCH[1].test(text) ? REGIONAL_LUNCH : DAY_PART_WORDS.find(([, pattern]) => pattern.test(text));
  if (!found) return { rest: text };
  return { period: found[0], rest: found[0] === "lunch" ? text.replace(found[1], " ") : text };
}

const APPROXIMATE = /\b(vers|environ|around|about|approximately|roughly|aux alentours|ish|ou so|plus ou moins|genre)\b/;

const SOONEST =
  /\b(des que possible|au plus (tot|vite)|le plus (tot|vite)( possible)?|asap|as soon as (possible|you can)|earliest|soonest|first (available|free|open|opening)|next (available|free|open|opening)|premier (creneau|rdv|rendez-vous|rendez vous|moment|disponible|dispo)|premiere (disponibilite|dispo|place)|prochain (creneau|rdv|rendez-vous|rendez vous) (libre|disponible|dispo)|prochaine (disponibilite|dispo|place)|des que vous (pouvez|avez)|le plus rapidement possible|rapidement|as early as possible|at your earliest|whenever|n'?importe quand|peu importe quand|quand vous (voulez|pouvez)|no preference|pas de preference|plus tot|earlier|sooner|(?:venir|passer|come(?: in| by)?|drop by|pop in)\s+(?:maintenant|now|right now|tout de suite|right away))\b/;

interface Relative {
  value: Pick<WhenRequest, "date" | "minutes">;
  /** The text without the relative expression, so "dans 2 heures" is not also read as 2:00. */
  rest: string;
}

function parseRelative(t: string, now: Date, timeZone: string): Relative | undefined {
  const m = t.match(
    /\b(?:dans|in)\s+(\d{1,3}|a couple of|a couple|a few|quelques|une?|an?|one|deux|two|trois|three)\s+(minutes?|heures?|hours?|jours?|days?|semaines?|weeks?)\b/,
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

/** The message in the form the date grammar reads: normalized, respelled, numbers in digits. */
export function dateText(message: string): string {
  return numberWordsToDigits(respell(normalizeText(message.replace(DOTTED_TIME, dottedTime))));
}

/*
 * "2.30pm", "à 14.30", "9.45": a time written with a dot, as the Swiss and the
 * British do. Read as a time only when it cannot be a day and month ("14.03")
 * or a price ("12.50 CHF").
 */
const DOTTED_TIME = /(?<![\d.,])(\d{1,2})\.(\d{2})(?![.,]?\d)(\s*(?:[ap]\.?m\b|h\b)|(?!\s*(?:€|\$|%|chf|eur|euros?|dollars?|cad|dzd|da|fr|francs?)\b))/gi;

function dottedTime(whole: string, hour: string, minute: string, mark: string): string {
  const h = Number(hour);
  const m = Number(minute);
  if (h > 23 || m > 59) return whole;
  return mark.trim() || m === 0 || m > 12 ? `${hour}:${minute}${mark}` : whole;
}

/**
 * What day, time, part of day or bounds `message` names, relative to `now`
 * on the `timeZone` wall clock; null when it names none.
 */
export function parseWhen(message: string, now: Date, timeZone: string, locale: "fr" | "en" = "fr", region?: string): WhenRequest | null {
  const t = dateText(message);
  const today = wallClockAt(now, timeZone);
  const approximate = APPROXIMATE.test(t);
  const soonest = SOONEST.test(t);
  const relative = parseRelative(t, now, timeZone);
  const rest = relative?.rest ?? t;
  const { period, rest: clockText } = dayPartOf(rest, region);
  const day = relative?.value.date ? { date: relative.value.date } : parseDay(rest, today.date, locale);
  const clock = relative?.value.minutes !== undefined ? { minutes: relative.value.minutes } : parseClock(clockText, period);
  const when: WhenRequest = {
    ...(day?.date !== undefined ? { date: day.date } : {}),
    ...(clock.minutes !== undefined ? { minutes: clock.minutes } : {}),
    ...(period ? { period } : {}),
    ...("after" in clock && clock.after !== undefined ? { after: clock.after } : {}),
    ...("before" in clock && clock.before !== undefined ? { before: clock.before } : {}),
    ...(day && "weekday" in day && day.weekday !== undefined ? { weekday: day.weekday } : {}),
    ...(day && "passedDate" in day && day.passedDate !== undefined ? { passedDate: day.passedDate } : {}),
    ...(day && "weekdayAlone" in day && day.weekdayAlone ? { weekdayAlone: true } : {}),
    approximate,
    soonest,
  };
  const said =
    when.date !== undefined ||
    when.minutes !== undefined ||
    when.period !== undefined ||
    when.after !== undefined ||
    when.before !== undefined;
  return said || soonest ? when : null;
}
