import { isMorningPart, type DayPart } from "./when";

/*
 * Times of day as callers say them: "14h30", "10 h et demie", "11h moins le
 * quart", "midi et demi", "half past two", "quarter to 4", "2:30 pm", "at 3",
 * and the bounds "après 16h", "before noon", "entre 14h et 16h". Numbers in
 * words were turned into digits before (date-vocabulary.ts).
 *
 * Conventions: an hour from 1 to 7 with no am/pm and no "h" ("at 4", "half
 * past two") is in the afternoon, as is an "h" hour from 1 to 6 ("à 3h"):
 * nobody books a salon at 3 in the morning. "7h", "4 am" and anything in a
 * morning part of the day are taken literally.
 */

export interface ClockReading {
  minutes?: number;
  after?: number;
  before?: number;
}

interface Clock {
  hour: number;
  minute: number;
  meridiem?: "am" | "pm";
  /** How the hour was written: bare ("at 4"), with "h"/"heures", or unambiguous (12:30, noon). */
  form: "bare" | "h" | "exact";
}

const fraction = (word: string | undefined) => (!word ? 0 : word.startsWith("demi") ? 30 : word === "quart" ? 15 : 0);

const MINUTES_BEFORE: Record<string, number> = { "le quart": 15, quart: 15 };

/** One clock reading at the start of `t`, with how much of it was read. */
function readClock(t: string): { clock: Clock; length: number } | null {
  const patterns: Array<[RegExp, (m: RegExpMatchArray) => Clock | null]> = [
    [/^(midi|noon|minuit|midnight)(?:\s+et\s+(demie?|quart))?(?:\s+moins\s+(le quart|quart|\d{1,2}))?/, (m) => {
      const base = m[1] === "midi" || m[1] === "noon" ? 12 * 60 : 0;
      const less = m[3] ? (MINUTES_BEFORE[m[3]] ?? Number(m[3])) : 0;
      const total = (base + fraction(m[2]) - less + 1440) % 1440;
      return { hour: Math.floor(total / 60), minute: total % 60, form: "exact" };
    }],
    [/^(\d{1,2})\s*(?:h|heures?)\s*moins\s+(le quart|quart|\d{1,2})\b/, (m) => {
      const less = MINUTES_BEFORE[m[2]!] ?? Number(m[2]);
      return less > 0 && less < 60 ? { hour: Number(m[1]), minute: -less, form: "h" } : null;
    }],
    [/^(\d{1,2})\s*h\s*(\d{2})\s*(am|pm)?\b/, (m) => ({ hour: Number(m[1]), minute: Number(m[2]), ...(m[3] ? { meridiem: m[3] as "am" | "pm", form: "exact" as const } : { form: "h" as const }) })],
    [/^(\d{1,2})\s*heures?\s+(\d{2})\b/, (m) => ({ hour: Number(m[1]), minute: Number(m[2]), form: "h" })],
    [/^(\d{1,2})\s*(?:h|heures?)\b(?:\s+et\s+(demie?|quart))?/, (m) => ({ hour: Number(m[1]), minute: fraction(m[2]), form: "h" })],
    [/^(\d{1,2}):(\d{2})\s*(am|pm)?\b/, (m) => ({ hour: Number(m[1]), minute: Number(m[2]), ...(m[3] ? { meridiem: m[3] as "am" | "pm" } : {}), form: m[3] || Number(m[1]) >= 13 ? "exact" : "bare" })],
    [/^(\d{1,2})\s*(am|pm)\b/, (m) => ({ hour: Number(m[1]), minute: 0, meridiem: m[2] as "am" | "pm", form: "exact" })],
    [/^(\d{1,2})\s*oclock\b(?:\s*(am|pm)\b)?/, (m) => ({ hour: Number(m[1]), minute: 0, ...(m[2] ? { meridiem: m[2] as "am" | "pm" } : {}), form: "bare" })],
    [/^half\s+past\s+(\d{1,2})\b/, (m) => ({ hour: Number(m[1]), minute: 30, form: "bare" })],
    [/^(?:a\s+)?quarter\s+past\s+(\d{1,2})\b/, (m) => ({ hour: Number(m[1]), minute: 15, form: "bare" })],
    [/^(?:a\s+)?quarter\s+(?:to|of)\s+(\d{1,2})\b/, (m) => ({ hour: Number(m[1]), minute: -15, form: "bare" })],
    [/^(\d{1,2})\s+(?:minutes\s+)?past\s+(\d{1,2})\b/, (m) => ({ hour: Number(m[2]), minute: Number(m[1]), form: "bare" })],
    [/^(\d{1,2})\s+(?:minutes\s+)?(?:to|of)\s+(\d{1,2})\b/, (m) => ({ hour: Number(m[2]), minute: -Number(m[1]), form: "bare" })],
    [/^half\s+(\d{1,2})\b/, (m) => ({ hour: Number(m[1]), minute: 30, form: "bare" })],
  ];
  for (const [pattern, build] of patterns) {
    const m = t.match(pattern);
    if (!m) continue;
    const clock = build(m);
    if (clock) return { clock, length: m[0].length };
  }
  return null;
}

/** A cue word then a bare number: "at 4", "vers 10", "@ 3". */
const BARE = /^(?:a|at|vers|around|about|@|after|apres|before|avant|from|by|plutot|rather|instead|make it|say|disons|more like|like|genre|mean|meant|dire)\s+(\d{1,2})\b(?!\s*(?:er|re|eme|st|nd|rd|th|am|pm|h|heures?|oclock)\b|\s*h\d|\s*[/.:]\d|\s+(?:hours?|minutes?|min|mins|people|persons?|personnes?|enfants?|kids?|ans|years?|jours?|days?|semaines?|weeks?|mois|months?)\b)/;

function toMinutes(clock: Clock, period: DayPart | undefined): number | null {
  let { hour } = clock;
  if (hour > 23 || clock.minute > 59) return null;
  if (clock.meridiem === "pm" && hour < 12) hour += 12;
  else if (clock.meridiem === "am" && hour === 12) hour = 0;
  else if (!clock.meridiem && !isMorningPart(period) && hour < 12 && period) hour += 12;
  else if (!clock.meridiem && !period && clock.form === "bare" && hour >= 1 && hour <= 7) hour += 12;
  else if (!clock.meridiem && !period && clock.form === "h" && hour >= 1 && hour <= 6) hour += 12;
  return (hour * 60 + clock.minute + 1440) % 1440;
}

// Negated cues first: "pas après 16h" is a latest time, "not before 10" an earliest.
const CUES: Array<[RegExp, "after" | "before"]> = [
  [/\b(?:pas apres|not after|no later than|au plus tard a|at the latest)\s+$/, "before"],
  [/\b(?:pas avant|not before|no earlier than)\s+$/, "after"],
  [/\b(?:apres|after|a partir de|from|starting at|starting|later than|plus tard que|des)\s+$/, "after"],
  [/\b(?:avant|before|by)\s+$/, "before"],
];

const CLOCK_TEXT = String.raw`(?:\d{1,2}(?:\s*(?:h|heures?)(?:\s*\d{2})?|:\d{2})?(?:\s*(?:am|pm))?|midi|noon)`;
const BETWEEN = new RegExp(String.raw`\b(?:entre|between)\s+(${CLOCK_TEXT})\s+(?:et|and)\s+(${CLOCK_TEXT})\b`);

/** Every clock reading in `t`, with the words just before it. */
function clocksIn(t: string): Array<{ clock: Clock; start: number; end: number }> {
  const out: Array<{ clock: Clock; start: number; end: number }> = [];
  for (let i = 0; i < t.length; i++) {
    if ((i > 0 && /[a-z0-9]/.test(t[i - 1]!)) || !/[0-9mnhqavbf@rpisdlg]/.test(t[i]!)) continue;
    // "après-midi" is a part of the day, not "after noon".
    if (/^(?:midi|apres[- ]midi)\b/.test(t.slice(i)) && /apres[- ]?$/.test(t.slice(0, i))) continue;
    if (/^apres[- ]midi\b/.test(t.slice(i))) {
      i += "apres-midi".length;
      continue;
    }
    const read = readClock(t.slice(i));
    if (read) {
      out.push({ clock: read.clock, start: i, end: i + read.length });
      i += read.length;
      continue;
    }
    const bare = t.slice(i).match(BARE);
    if (bare) {
      const digitsAt = i + bare[0].length - bare[1]!.length;
      out.push({ clock: { hour: Number(bare[1]), minute: 0, form: "bare" }, start: digitsAt, end: i + bare[0].length });
      i += bare[0].length;
    }
  }
  return out;
}

function readBound(text: string, period: DayPart | undefined): number | null {
  const clock = readClock(text)?.clock ?? (/^\d{1,2}$/.test(text) ? { hour: Number(text), minute: 0, form: "bare" as const } : null);
  return clock ? toMinutes(clock, period) : null;
}

/** The time, or the bounds, a normalized message names. */
export function parseClock(text: string, period: DayPart | undefined): ClockReading {
  const reading: ClockReading = {};
  let t = text;
  const between = t.match(BETWEEN);
  if (between) {
    const from = readBound(between[1]!, period);
    let to = readBound(between[2]!, period);
    if (from !== null && to !== null) {
      // "between 2 and 4": the second hour follows the first into the afternoon.
      if (to <= from && to < 12 * 60) to += 12 * 60;
      reading.after = from;
      reading.before = to;
      t = t.replace(between[0], " ");
    }
  }
  for (const found of clocksIn(t)) {
    const minutes = toMinutes(found.clock, period);
    if (minutes === null) continue;
    const cue = CUES.find(([pattern]) => pattern.test(t.slice(0, found.start)))?.[1];
    if (cue === "after") reading.after ??= minutes;
    else if (cue === "before") reading.before ??= minutes;
    else reading.minutes ??= minutes;
  }
  return reading;
}
