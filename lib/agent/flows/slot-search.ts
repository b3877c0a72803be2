import { addDays, instantAt, isoWeekday, wallClockAt, type Slot } from "@/lib/booking";
import { windowOf, type WhenRequest } from "../dates/when";
import type { StaffChoice, StepOf, StoredWhen } from "../dialogue-state";
import { formatDay, formatDayOfMonth, formatTime, joinAlternatives, weekdayName } from "../formatting";
import type { Understanding } from "../understanding-types";
import { availabilityFor, businessOpen, personDayFull, personOf, personOff, personTaken, proposalStaffOf, staffQuery } from "./staff-offers";
import type { Turn } from "./turn";

/*
 * Turning what the caller said about when into one free slot, or into a
 * question: slots to choose from, a day to clarify, a date that has passed.
 * Shared by booking and by moving an appointment (whose own slot is free).
 */

type TimeStep = StepOf<"time"> | StepOf<"new_time">;

export interface TimeTarget {
  serviceId: string;
  /** The day in context, so a bare "à 10h" or "plutôt en fin d'après-midi" means that day. */
  date?: string;
  /** The appointment being moved. */
  appointmentId?: string;
  /** Who the caller asked for (booking with several staff only). */
  staff?: StaffChoice;
  /** The step that waits for the caller's choice. */
  step(fields: Pick<TimeStep, "proposals" | "dateOptions"> & { proposalStaff?: Array<string | null>; date?: string; pending?: StoredWhen }): TimeStep;
}

/** `resourceId`: whose diary the chosen time was found free in, when an exact time was checked. */
export type TimeOutcome = { chosen: true; startsAt: string; notes: string[]; resourceId?: string } | { chosen: false; reply: string };

/** How many days ahead "en fin d'après-midi" with no day is looked for. */
const WINDOW_SEARCH_DAYS = 14;

const iso = (d: Date) => d.toISOString();

/** The day with `weekday` nearest to `date`, not before today. */
function nearestWeekday(date: string, weekday: number, today: string): string {
  const candidates = [-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6]
    .map((delta) => addDays(date, delta))
    .filter((d) => isoWeekday(d) === weekday && d >= today);
  return candidates.sort((a, b) => Math.abs(Date.parse(a) - Date.parse(date)) - Math.abs(Date.parse(b) - Date.parse(date)))[0] ?? date;
}

/** The one day a list of slots falls on, which a bare "à 10h" then means. */
export function dayOf(turn: Turn, slots: Array<Slot | Date>): string | undefined {
  const days = new Set(slots.map((s) => wallClockAt(s instanceof Date ? s : s.startsAt, turn.facts.timeZone).date));
  return days.size === 1 ? [...days][0] : undefined;
}

function offer(turn: Turn, target: TimeTarget, slots: Slot[], text: (list: string) => string, notes: string[], date?: string): TimeOutcome {
  const list = slots.length ? turn.slotList(slots) : null;
  const day = date ?? dayOf(turn, slots);
  const step = target.step({ proposals: slots.map((s) => iso(s.startsAt)), ...proposalStaffOf(target.staff, slots), dateOptions: [], ...(day ? { date: day } : {}) });
  const prompt = list ? turn.r.whichProposal(list) : turn.r.askAnotherTime();
  return { chosen: false, reply: turn.ask(step, list ? text(list) : turn.r.askAnotherTime(), prompt, notes) };
}

function isClosedDay(turn: Turn, date: string): boolean {
  if (turn.facts.closures.some((c) => c.startsOn <= date && date <= c.endsOn)) return true;
  return !turn.facts.hours.some((h) => h.weekday === isoWeekday(date));
}

/** A day's first free slots inside the window, or why there are none and what is nearest. */
async function offerDay(
  turn: Turn,
  target: TimeTarget,
  date: string,
  window: ReturnType<typeof windowOf>,
  notes: string[],
  pending?: StoredWhen,
): Promise<TimeOutcome> {
  const { timeZone: tz } = turn.facts;
  const now = turn.input.now;
  const ignore = target.appointmentId ? { ignoreAppointmentId: target.appointmentId } : {};
  const from = instantAt(date, window?.from ?? 0, tz);
  const to = window && window.to < 1440 ? instantAt(date, window.to, tz) : instantAt(addDays(date, 1), 0, tz);
  const query = { ...ignore, ...staffQuery(target.staff) };
  const person = personOf(turn, target.staff);
  const off = person && !isClosedDay(turn, date) ? await personOff(turn, target.serviceId, person, date, ignore) : null;
  if (off) return offer(turn, target, off.slots, () => off.text, notes, date);
  const slots = await availabilityFor(turn, target.staff).findAvailableSlots({ serviceId: target.serviceId, from, to, now, ...query });
  const day = formatDay(date, turn.locale);
  if (slots.length) {
    const offered = slots.slice(0, 3);
    const times = joinAlternatives(
      offered.map((x) => formatTime(wallClockAt(x.startsAt, tz).minutes, turn.locale)),
      turn.locale,
    );
    const proposals = { proposals: offered.map((x) => iso(x.startsAt)), ...proposalStaffOf(target.staff, offered) };
    const step = target.step({ ...proposals, dateOptions: [], date, ...(pending ? { pending } : {}) });
    const text = person ? turn.r.staffDay(person.name, day, times) : turn.r.proposalsForDay(day, times);
    return { chosen: false, reply: turn.ask(step, text, turn.r.whichProposal(times), notes) };
  }
  const firstOpening = turn.facts.hours.filter((h) => h.weekday === isoWeekday(date)).reduce((min, h) => Math.min(min, h.opensAt), Infinity);
  const anchor = window?.anchor ?? (Number.isFinite(firstOpening) ? firstOpening : 9 * 60);
  const alternatives = await nearest(turn, target, instantAt(date, anchor, tz));
  const closed = isClosedDay(turn, date);
  if (person && !closed) {
    const full = await personDayFull(turn, target.serviceId, person, date, alternatives, ignore);
    return offer(turn, target, full.slots, () => full.text, notes, date);
  }
  return offer(turn, target, alternatives, (list) => (closed ? turn.r.dayClosed(day, list) : turn.r.dayFull(day, list)), notes, date);
}

/** The first day in the coming weeks with free slots inside the window ("en fin d'après-midi", "after 5"). */
async function offerWindow(
  turn: Turn,
  target: TimeTarget,
  window: NonNullable<ReturnType<typeof windowOf>>,
  notes: string[],
  pending?: StoredWhen,
): Promise<TimeOutcome> {
  const { timeZone: tz } = turn.facts;
  const now = turn.input.now;
  const ignore = target.appointmentId ? { ignoreAppointmentId: target.appointmentId } : {};
  const to = instantAt(addDays(turn.today().date, WINDOW_SEARCH_DAYS), 0, tz);
  const query = { ...ignore, ...staffQuery(target.staff) };
  const slots = await availabilityFor(turn, target.staff).findAvailableSlots({ serviceId: target.serviceId, from: now, to, now, ...query });
  const inside = slots.filter((s) => {
    const minutes = wallClockAt(s.startsAt, tz).minutes;
    return minutes >= window.from && minutes < window.to;
  });
  if (!inside.length) return offer(turn, target, [], () => "", notes);
  const date = wallClockAt(inside[0]!.startsAt, tz).date;
  return offerDay(turn, target, date, window, notes, pending);
}

/** The three free slots nearest `wanted`, in the asked-for person's diary and never a turned-down person's. */
export async function nearest(turn: Turn, target: TimeTarget, wanted: Date): Promise<Slot[]> {
  const now = turn.input.now;
  const query = { ...(target.appointmentId ? { ignoreAppointmentId: target.appointmentId } : {}), ...staffQuery(target.staff) };
  return availabilityFor(turn, target.staff).nearestFreeSlots(target.serviceId, wanted, 3, now, query);
}

/** One exact time: free, or why not with what is nearest (for a person: their next times, then someone else then). */
async function atTime(turn: Turn, target: TimeTarget, startsAt: Date, date: string, notes: string[]): Promise<TimeOutcome> {
  const now = turn.input.now;
  const ignore = target.appointmentId ? { ignoreAppointmentId: target.appointmentId } : {};
  const staff = target.staff;
  const availability = availabilityFor(turn, staff);
  const check = await availability.checkSlot({ serviceId: target.serviceId, startsAt, now, ...ignore, ...staffQuery(staff) });
  if (check.status === "free") {
    // "Pas Karim, jeudi à 10h": whoever else is free then becomes the person asked for (a move keeps its own choice).
    const other = availability.freeWith?.(check);
    if (other && !target.appointmentId) turn.state.staff = { kind: "person", id: other };
    return { chosen: true, startsAt: iso(startsAt), notes, resourceId: other ?? check.resourceId };
  }
  const { status, alternatives } = check;
  const person = personOf(turn, staff);
  if (person && (status === "taken" || (status === "closed" && businessOpen(turn, target.serviceId, startsAt)))) {
    const off = await personOff(turn, target.serviceId, person, date, ignore, startsAt);
    const taken = off ?? (await personTaken(turn, target.serviceId, person, startsAt, alternatives, ignore));
    return offer(turn, target, taken.slots, () => taken.text, notes, date);
  }
  return offer(turn, target, alternatives, (list) => turn.r.unavailable(status, turn.when(startsAt), list), notes, date);
}

/** "Wednesday works" while next week's Tuesday is being discussed: Wednesday of that week. */
function inContextWeek<W extends WhenRequest | StoredWhen>(when: W, context: string | undefined): W {
  if (!when.weekdayAlone || !when.date || !context || context <= when.date) return when;
  const monday = addDays(context, 1 - isoWeekday(context));
  return { ...when, date: addDays(monday, isoWeekday(when.date) - 1) };
}

/**
 * The slot `when` names if it is free; otherwise the question to ask (free
 * slots nearby, the day meant, a date that has passed), already set as the
 * next step.
 */
export async function resolveTime(turn: Turn, target: TimeTarget, said: WhenRequest | StoredWhen, notes: string[] = []): Promise<TimeOutcome> {
  const { timeZone: tz } = turn.facts;
  const now = turn.input.now;
  const today = turn.today();
  const when = inContextWeek(said, target.date);
  const { r, locale } = turn;

  if (when.date && when.weekday && isoWeekday(when.date) !== when.weekday) {
    const options = [when.date, nearestWeekday(when.date, when.weekday, today.date)];
    const days = options.map((d) => formatDay(d, locale));
    const { date: _date, weekday: _weekday, passedDate: _passed, ...rest } = when;
    const pending = rest.minutes !== undefined || rest.period || rest.after !== undefined || rest.before !== undefined ? { pending: rest } : {};
    const text = r.weekdayMismatch(formatDayOfMonth(when.date, locale), weekdayName(isoWeekday(when.date), locale), weekdayName(when.weekday, locale), days);
    return { chosen: false, reply: turn.ask(target.step({ proposals: [], dateOptions: options, ...pending }), text, r.whichDate(days), notes) };
  }
  if (when.passedDate && when.date) notes = [...notes, r.passedDayOfMonth(formatDayOfMonth(when.passedDate, locale), formatDay(when.date, locale))];
  if (when.date && when.date < today.date) {
    const alternatives = await nearest(turn, target, now);
    const said = when.minutes !== undefined ? turn.when(instantAt(when.date, when.minutes, tz)) : formatDay(when.date, locale);
    return offer(turn, target, alternatives, (list) => r.unavailable("past", said, list), notes);
  }

  if (when.minutes !== undefined) {
    const date = when.date ?? target.date ?? (when.minutes > today.minutes ? today.date : addDays(today.date, 1));
    const startsAt = instantAt(date, when.minutes, tz);
    return atTime(turn, target, startsAt, date, notes);
  }

  const window = windowOf(when);
  if (when.soonest && !when.date && !window) {
    const next = await nearest(turn, target, now);
    const person = personOf(turn, target.staff);
    const service = turn.serviceName(target.serviceId);
    return offer(turn, target, next, (list) => (person ? r.staffSoonest(service, person.name, list) : r.soonest(service, list)), notes);
  }
  // The part of the day stays in force when the caller then names only a day ("late afternoon" … "thursday").
  const pending: StoredWhen | undefined = window
    ? {
        ...(when.period ? { period: when.period } : {}),
        ...(when.after !== undefined ? { after: when.after } : {}),
        ...(when.before !== undefined ? { before: when.before } : {}),
        approximate: false,
        soonest: false,
      }
    : undefined;
  const day = when.date ?? target.date;
  if (day) return offerDay(turn, target, day, window, notes, pending);
  if (window) return offerWindow(turn, target, window, notes, pending);
  return offer(turn, target, [], () => "", notes);
}

/** The offered slot the caller picked: "la deuxième", "the first one", "2", or one of the offered times. */
export function pickedProposal(turn: Turn, proposals: string[], s: Understanding): string | null {
  if (!proposals.length) return null;
  const index = s.choice(proposals.length);
  if (index !== null) return proposals[index]!;
  const when = s.when;
  if (when?.minutes !== undefined) {
    const match = proposals.filter((p) => {
      const wall = wallClockAt(new Date(p), turn.facts.timeZone);
      return wall.minutes === when.minutes && (!when.date || wall.date === when.date);
    });
    if (match.length === 1) return match[0]!;
  }
  if (proposals.length === 1 && s.yesNo === "yes" && !s.correction) return proposals[0]!;
  return null;
}

/**
 * What the caller now says about the time, with the part of the day said
 * before when they now name only a day ("late afternoon" … "thursday then").
 */
export function withPending(said: WhenRequest, pending: StoredWhen | undefined): WhenRequest | StoredWhen {
  const onlyDay = said.date !== undefined && said.minutes === undefined && !said.period && said.after === undefined && said.before === undefined;
  return onlyDay && pending ? { ...pending, ...said } : said;
}

/**
 * A number said alone while a time is asked ("ok 9 then", "plutôt 14"): that
 * hour, in the afternoon from 1 to 7 as when said with "at".
 */
export function hourAlone(s: Understanding): StoredWhen | null {
  if (s.phone) return null;
  const words = s.text.split(" ");
  const numbers = words.filter((w) => /^\d{1,2}$/.test(w));
  if (words.length > 5 || numbers.length !== 1) return null;
  const hour = Number(numbers[0]);
  if (hour < 1 || hour > 23) return null;
  return { minutes: (hour <= 7 ? hour + 12 : hour) * 60, approximate: false, soonest: false };
}

/** The day the caller chose among the ones offered when their weekday and day number disagreed. */
export function pickedDate(options: string[], s: Understanding): string | null {
  if (!options.length) return null;
  const index = s.choice(options.length);
  if (index !== null) return options[index]!;
  const said = s.when?.date;
  if (!said) return null;
  if (options.includes(said)) return said;
  const sameWeekday = options.filter((o) => isoWeekday(o) === isoWeekday(said));
  return sameWeekday.length === 1 ? sameWeekday[0]! : null;
}
