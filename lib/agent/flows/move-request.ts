import { addDays, wallClockAt, type AppointmentSummary } from "@/lib/booking";
import { hasMoment, type WhenRequest } from "../dates/when";
import { normalizeText } from "../normalize-text";

/*
 * What a caller says when moving an appointment, beyond a plain new time:
 * "de mercredi à jeudi" (which one, and to when), "push it back an hour",
 * "même heure", "later that day". The new time is worked out against the
 * appointment once it is known.
 */

export interface MoveRequest {
  /** The appointment's own day or time, to find it among several. */
  from?: WhenRequest;
  /** Where to move it; without a day, the appointment's own day. */
  to?: WhenRequest;
  /** "une heure plus tard", "30 minutes earlier". */
  shiftMinutes?: number;
  sameTime: boolean;
  sameDay: boolean;
  /** "plus tôt", "earlier" with no amount and no time: the soonest free time will do. */
  earlier?: boolean;
}

const AMOUNTS: Record<string, number> = { un: 1, une: 1, a: 1, an: 1, one: 1, deux: 2, two: 2, trois: 3, three: 3, demi: 0.5, half: 0.5 };

const AMOUNT = String.raw`(\d{1,3}|une?|an?|one|deux|two|trois|three|une demi|half an?)`;
const UNIT = String.raw`(heures?|hours?|minutes?|mins?|h)`;
/** "d'une heure", "by 30 minutes"; "1h plus tard", "an hour earlier"; "push it back an hour". Never a clock time ("à 14h"). */
const SHIFTS: Array<[RegExp, "later" | "earlier" | null]> = [
  // Not "de 16h à 17h", which names the appointment and its new time.
  [new RegExp(String.raw`\b(?:d'|de |by )${AMOUNT}[- ]?${UNIT}\b(?!\s*(?:\d{2}\b|(?:a|au|to|-)\s+\d))`), null],
  [new RegExp(String.raw`\b${AMOUNT}[- ]?${UNIT}\s+(?:plus tard|later)\b`), "later"],
  [new RegExp(String.raw`\b${AMOUNT}[- ]?${UNIT}\s+(?:plus tot|earlier|sooner)\b`), "earlier"],
  [new RegExp(String.raw`\b(?:push(?:ed)?(?: it)? back|repousser|retarder|reculer)(?:\s+\S+){0,2}?\s+${AMOUNT}[- ]?(heures?|hours?|minutes?|mins?)\b`), "later"],
  [new RegExp(String.raw`\b(?:bring(?: it)? forward|avancer)(?:\s+\S+){0,2}?\s+${AMOUNT}[- ]?(heures?|hours?|minutes?|mins?)\b`), "earlier"],
];
const LATER = /\b(push(?:ed)?(?: it)? back|plus tard|later|retarder|repousser|reculer|decaler)\b/;
const EARLIER = /\b(bring(?: it)? forward|plus tot|earlier|avancer)\b/;

function shiftIn(t: string): number | undefined {
  for (const [pattern, fixed] of SHIFTS) {
    const m = t.match(pattern);
    if (!m) continue;
    const amountWord = m[1]!.replace(/^une demi$|^half an?$/, "demi");
    const amount = AMOUNTS[amountWord] ?? Number(amountWord);
    if (!Number.isFinite(amount) || amount <= 0) continue;
    const minutes = /^(h|heure|hour)/.test(m[2]!) ? amount * 60 : amount;
    const direction = fixed ?? (EARLIER.test(t) ? "earlier" : LATER.test(t) ? "later" : null);
    if (!direction) continue;
    return direction === "earlier" ? -minutes : minutes;
  }
  return undefined;
}

export function readMoveRequest(message: string, read: (text: string) => WhenRequest | null): MoveRequest {
  const t = normalizeText(message);
  const sameTime = /\b(meme heure|meme horaire|same time)\b/.test(t);
  const sameDay = /\b(meme jour|same day|that day|ce jour[- ]la|dans la journee|later that day|plus tard dans la journee)\b/.test(t);
  const shiftMinutes = shiftIn(t);
  const split = message.match(/\b(?:de|du|from)\s+(.+?)\s+(?:à|a|au|to|until|pour|vers|->)\s+(.+)$/i);
  if (split) {
    const from = read(split[1]!);
    const to = read(split[2]!);
    if (hasMoment(from) && (hasMoment(to) || shiftMinutes !== undefined)) {
      return { from, ...(hasMoment(to) ? { to } : {}), ...(shiftMinutes !== undefined ? { shiftMinutes } : {}), sameTime, sameDay };
    }
  }
  // "je ne pourrai pas venir demain, on peut repousser à la semaine prochaine": what follows "à" is where to.
  const cuts = [...message.matchAll(/\s(?:à|a|au|to|for|pour|until|jusqu'à)\s/gi)].map((m) => m.index ?? 0).reverse();
  for (const cut of cuts) {
    // "my 9am to 11": in a move, "to" before a bare hour is "at".
    const to = read(message.slice(cut).replace(/^\s+to\s+(?=\d)/i, " at "));
    const from = read(message.slice(0, cut));
    // "de mardi à jeudi", or on the same day "move my 10am to 2pm".
    if (hasMoment(to) && hasMoment(from) && (to.date !== from.date || (to.minutes !== undefined && from.minutes !== undefined && to.minutes !== from.minutes))) {
      return { from, to, ...(shiftMinutes !== undefined ? { shiftMinutes } : {}), sameTime, sameDay };
    }
  }
  const said = read(message);
  const earlier = !hasMoment(said) && shiftMinutes === undefined && /\b(plus tot|earlier|sooner)\b/.test(t);
  return { ...(hasMoment(said) ? { to: said } : {}), ...(shiftMinutes !== undefined ? { shiftMinutes } : {}), sameTime, sameDay, ...(earlier ? { earlier } : {}) };
}

/** The new time the request names for this appointment, if it names one. */
export function newTimeFor(request: MoveRequest, target: AppointmentSummary, timeZone: string): WhenRequest | undefined {
  const current = wallClockAt(target.startsAt, timeZone);
  if (request.shiftMinutes !== undefined) {
    const minutes = current.minutes + request.shiftMinutes;
    const date = minutes >= 1440 ? addDays(current.date, 1) : minutes < 0 ? addDays(current.date, -1) : current.date;
    return { date, minutes: ((minutes % 1440) + 1440) % 1440, approximate: false, soonest: false };
  }
  const to = request.to;
  if (!to) return request.earlier ? { approximate: false, soonest: true } : undefined;
  const keepTime = request.sameTime && to.minutes === undefined && !to.period;
  const keepDay = to.date === undefined && (request.sameDay || to.minutes !== undefined || keepTime);
  return { ...to, ...(keepTime ? { minutes: current.minutes } : {}), ...(keepDay ? { date: current.date } : {}) };
}
