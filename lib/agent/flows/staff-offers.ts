import { addDays, instantAt, isoWeekday, wallClockAt, type Slot } from "@/lib/booking";
import type { OtherPerson } from "../catalogue/staff-replies";
import type { StaffChoice } from "../dialogue-state";
import { formatDay, formatTime } from "../formatting";
import type { ResourceFact } from "../tenant-facts";
import { availabilityAmong, type Availability } from "../staff-availability";
import { backOn, worksOn } from "../staff-days";
import type { Turn } from "./turn";

/*
 * Availability with a person in mind: the booking API asked for that
 * person's diary, slots of people the caller turned down left out, and when
 * the person is taken, someone else free at that time offered after the
 * person's own next times.
 */

type Ignore = { ignoreAppointmentId?: string };

/** The booking API's resource filter: the person's own diary, or everyone's (absent: "anyone"). */
export function staffQuery(staff: StaffChoice | undefined): { resourceId?: string } {
  return staff?.kind === "person" ? { resourceId: staff.id } : {};
}

/** Whose diary a slot is in. */
export function slotResource(slot: Slot): string | null {
  return slot.resourceId ?? null;
}

/**
 * Where availability is read: the booking API itself, or, once the caller
 * turned someone down ("pas Karim"), the remaining people's diaries (see
 * availabilityAmong).
 */
export function availabilityFor(turn: Turn, staff: StaffChoice | undefined): Availability {
  const booking = turn.deps.booking;
  if (staff?.kind !== "anyone" || !staff.except.length) return booking;
  return availabilityAmong(booking, (serviceId) => turn.people.filter((p) => p.serviceIds.includes(serviceId) && !staff.except.includes(p.id)));
}

/** Step fields recording whose each offered slot is, once the caller has said anything about who. */
export function proposalStaffOf(staff: StaffChoice | undefined, slots: Slot[]): { proposalStaff?: Array<string | null> } {
  return staff ? { proposalStaff: slots.map(slotResource) } : {};
}

export function personOf(turn: Turn, staff: StaffChoice | undefined): ResourceFact | undefined {
  return staff?.kind === "person" ? turn.person(staff.id) : undefined;
}

/** Whether the business itself is open for the whole service at `startsAt` (a person may not work then). */
export function businessOpen(turn: Turn, serviceId: string, startsAt: Date): boolean {
  const { date, minutes } = wallClockAt(startsAt, turn.facts.timeZone);
  const duration = turn.service(serviceId)?.durationMinutes ?? 0;
  if (turn.facts.closures.some((c) => c.startsOn <= date && date <= c.endsOn)) return false;
  return turn.facts.hours.some((h) => h.weekday === isoWeekday(date) && h.opensAt <= minutes && minutes + duration <= h.closesAt);
}

function otherPerson(turn: Turn, slot: Slot, day: string): OtherPerson | null {
  const person = turn.person(slotResource(slot));
  if (!person) return null;
  const wall = wallClockAt(slot.startsAt, turn.facts.timeZone);
  return { name: person.name, time: formatTime(wall.minutes, turn.locale), day: wall.date === day ? null : formatDay(wall.date, turn.locale) };
}

/** Someone else's first free slot in [from, to), not the person's and not a turned-down person's. */
async function otherFree(turn: Turn, serviceId: string, person: ResourceFact, from: Date, to: Date, ignore: Ignore): Promise<Slot | null> {
  const slots = await turn.deps.booking.findAvailableSlots({ serviceId, from, to, now: turn.input.now, ...ignore });
  return slots.find((s) => slotResource(s) !== person.id && !!turn.person(slotResource(s))) ?? null;
}

export interface StaffOffer {
  slots: Slot[];
  text: string;
}

/** "Karim is taken at 10; Karim can do 11:30 or 14:00, or Sonia is free at 10." */
export async function personTaken(turn: Turn, serviceId: string, person: ResourceFact, startsAt: Date, own: Slot[], ignore: Ignore): Promise<StaffOffer> {
  const other = await otherFree(turn, serviceId, person, startsAt, new Date(startsAt.getTime() + 60_000), ignore);
  const mine = own.slice(0, other ? 2 : 3);
  const day = wallClockAt(startsAt, turn.facts.timeZone).date;
  const named = other ? otherPerson(turn, other, day) : null;
  return {
    slots: named && other ? [...mine, other] : mine,
    text: turn.r.staffTaken(person.name, turn.when(startsAt), mine.length ? turn.slotList(mine) : null, named),
  };
}

/** The person has nothing left that day: their next times, then someone else free that day. */
export async function personDayFull(turn: Turn, serviceId: string, person: ResourceFact, date: string, own: Slot[], ignore: Ignore): Promise<StaffOffer> {
  const tz = turn.facts.timeZone;
  const other = await otherFree(turn, serviceId, person, instantAt(date, 0, tz), instantAt(addDays(date, 1), 0, tz), ignore);
  const mine = own.slice(0, other ? 2 : 3);
  const named = other ? otherPerson(turn, other, date) : null;
  return {
    slots: named && other ? [...mine, other] : mine,
    text: turn.r.staffDayFull(person.name, formatDay(date, turn.locale), mine.length ? turn.slotList(mine) : null, named),
  };
}


/**
 * "Karim is on holiday that week": said as such when the person does not work
 * on `date`, with their first times once back and someone else free that
 * day; null when they do work that day.
 */
export async function personOff(
  turn: Turn,
  serviceId: string,
  person: ResourceFact,
  date: string,
  ignore: Ignore,
  /** Someone else is looked for at this exact time, else that whole day. */
  at?: Date,
): Promise<StaffOffer | null> {
  if (worksOn(person, date)) return null;
  const tz = turn.facts.timeZone;
  const back = backOn(turn.facts, person, date);
  const query = { serviceId, now: turn.input.now, resourceId: person.id, ...ignore };
  const own = back ? await turn.deps.booking.findAvailableSlots({ ...query, from: instantAt(back, 0, tz), to: instantAt(addDays(back, 14), 0, tz) }) : [];
  const window = at ? [at, new Date(at.getTime() + 60_000)] : [instantAt(date, 0, tz), instantAt(addDays(date, 1), 0, tz)];
  const other = await otherFree(turn, serviceId, person, window[0]!, window[1]!, ignore);
  const mine = own.slice(0, other ? 2 : 3);
  const named = other ? otherPerson(turn, other, date) : null;
  return {
    slots: named && other ? [...mine, other] : mine,
    text: turn.r.staffOff(person.name, formatDay(date, turn.locale), back ? formatDay(back, turn.locale) : null, mine.length ? turn.slotList(mine) : null, named),
  };
}
