import { AppointmentNotFoundError, SlotUnavailableError, wallClockAt, type AppointmentSummary } from "@/lib/booking";
import { hasMoment, type WhenRequest } from "../dates/when";
import { parseWhen } from "../date-parser";
import type { StepOf, StoredWhen } from "../dialogue-state";
import type { Understanding } from "../understanding-types";
import { newTimeFor, readMoveRequest } from "./move-request";
import { moveResource, moveStaff, staffFields, type MoveStaff } from "./move-staff";
import { hourAlone, pickedDate, pickedProposal, resolveTime, withPending, type TimeTarget } from "./slot-search";
import { proposalStaffOf } from "./staff-offers";
import type { Turn } from "./turn";

/*
 * Moving an appointment once it is known: a new time (and, with several
 * staff, possibly another person) goes through the same checks as a
 * booking, is read back with the person when it changes, and is written
 * only on a yes.
 */

/** The appointment being moved, and who the move is with (absent: its own person, unchecked). */
interface Moving {
  appointmentId: string;
  serviceId: string;
  staff?: StepOf<"new_time">["staff"];
}

export function serviceOf(turn: Turn, a: AppointmentSummary): string {
  return turn.serviceName(a.serviceId, a.service);
}

export async function loadTarget(turn: Turn, appointmentId: string): Promise<AppointmentSummary | null> {
  return (await turn.deps.store.bookedAppointments([appointmentId]))[0] ?? null;
}

const exactly = (date: string, minutes: number): StoredWhen => ({ date, minutes, approximate: false, soonest: false });

function ownTime(turn: Turn, a: AppointmentSummary): StoredWhen {
  const wall = wallClockAt(a.startsAt, turn.facts.timeZone);
  return exactly(wall.date, wall.minutes);
}

function moveTarget(m: Moving, date: string | undefined): TimeTarget {
  return {
    serviceId: m.serviceId,
    appointmentId: m.appointmentId,
    ...(date ? { date } : {}),
    ...(m.staff ? { staff: m.staff } : {}),
    step: (fields) => ({ awaiting: "new_time", appointmentId: m.appointmentId, serviceId: m.serviceId, ...staffFields(m.staff), ...fields }),
  };
}

async function askToConfirmMove(turn: Turn, m: Moving, startsAt: string, notes: string[], found?: string | null): Promise<string> {
  const target = await loadTarget(turn, m.appointmentId);
  if (!target) return turn.done(turn.r.noUpcoming());
  const resourceId = moveResource(turn, m.staff, found);
  const person = resourceId && resourceId !== target.resourceId ? turn.person(resourceId) : undefined;
  const [service, from, to] = [serviceOf(turn, target), turn.when(target.startsAt), turn.when(startsAt)];
  const text = person ? turn.r.confirmMoveWith(service, from, to, person.name) : turn.r.confirmMove(service, from, to);
  const step: StepOf<"move_confirmation"> = {
    awaiting: "move_confirmation",
    appointmentId: m.appointmentId,
    serviceId: m.serviceId,
    startsAt,
    ...staffFields(m.staff),
    ...(person ? { resourceId: person.id } : {}),
  };
  return turn.ask(step, text, text, notes);
}

async function moveTo(turn: Turn, m: Moving, date: string | undefined, when: WhenRequest | StoredWhen, notes: string[] = []): Promise<string> {
  const outcome = await resolveTime(turn, moveTarget(m, date), when, notes);
  return outcome.chosen ? askToConfirmMove(turn, m, outcome.startsAt, outcome.notes, outcome.resourceId) : outcome.reply;
}

/** "Avec qui ?" for a move: the name said was nobody's, several people's, or someone who does not do the service. */
function askMoveStaff(turn: Turn, m: Moving, question: NonNullable<MoveStaff["question"]>, when: WhenRequest | StoredWhen | null | undefined): string {
  const people = question.options.map((id) => turn.person(id)!).filter(Boolean);
  const step: StepOf<"new_time"> = {
    awaiting: "new_time",
    appointmentId: m.appointmentId,
    serviceId: m.serviceId,
    ...staffFields(m.staff),
    proposals: [],
    dateOptions: [],
    staffOptions: question.options,
    ...(hasMoment(when) ? { when } : {}),
  };
  return turn.ask(step, question.text, turn.r.askStaff(turn.peopleList(people)));
}

/** The move of a chosen appointment: to the time said, with the person said, else the question of when. */
export async function startMove(turn: Turn, target: AppointmentSummary, newTime: StoredWhen | WhenRequest | undefined, s: Understanding | null): Promise<string> {
  const who = moveStaff(turn, s, target, undefined);
  const m: Moving = { appointmentId: target.id, serviceId: target.serviceId, ...staffFields(who.staff) };
  const own = ownTime(turn, target);
  if (who.question) return askMoveStaff(turn, m, who.question, newTime);
  // A new time without a day is on the appointment's own day.
  if (hasMoment(newTime)) return moveTo(turn, m, own.date, newTime);
  // "Avec Sophie cette fois", "same time with anyone else": the same time with that person (naming its own person changes nothing).
  const samePerson = who.staff?.kind === "person" && who.staff.id === target.resourceId;
  if (who.changed && !samePerson) return moveTo(turn, m, own.date, own);
  const step: StepOf<"new_time"> = { awaiting: "new_time", appointmentId: target.id, serviceId: target.serviceId, ...staffFields(who.staff), proposals: [], dateOptions: [] };
  return turn.ask(step, turn.r.askNewTime(serviceOf(turn, target), turn.when(target.startsAt)));
}

/** A moment worked out against the appointment ("friday same time", "an hour later", "plus tôt"), read only when the message names one. */
async function requestedTime(turn: Turn, s: Understanding, appointmentId: string, loaded: AppointmentSummary | null): Promise<WhenRequest | undefined> {
  const request = readMoveRequest(s.message, (text) => parseWhen(text, turn.input.now, turn.facts.timeZone, turn.locale, turn.facts.region));
  if (!((request.sameTime && request.to) || request.shiftMinutes !== undefined || request.earlier)) return undefined;
  const target = loaded ?? (await loadTarget(turn, appointmentId));
  return target ? newTimeFor(request, target, turn.facts.timeZone) : undefined;
}

/** "Avec Sonia alors", "n'importe qui mais plus tôt" while a new time is discussed: the move goes on with that person. */
async function onStaffChange(turn: Turn, step: StepOf<"new_time">, s: Understanding, target: AppointmentSummary, m: Moving): Promise<string> {
  const own = ownTime(turn, target);
  const said = await requestedTime(turn, s, target.id, target);
  if (said) return moveTo(turn, m, step.date ?? own.date, said);
  if (hasMoment(s.when)) return moveTo(turn, m, step.date ?? own.date, withPending(s.when, step.pending));
  if (step.when) return moveTo(turn, m, step.date ?? own.date, step.when);
  // "…or Sonia is free at 10", then "Sonia then": that offered time.
  const person = m.staff?.kind === "person" ? m.staff.id : null;
  const theirs = person ? step.proposals.filter((_, i) => step.proposalStaff?.[i] === person) : [];
  if (theirs.length === 1) return askToConfirmMove(turn, m, theirs[0]!, [], person);
  if (step.date && step.proposals.length) return moveTo(turn, m, step.date, { ...step.pending, date: step.date, approximate: false, soonest: false });
  return moveTo(turn, m, own.date, own);
}

export async function onNewTime(turn: Turn, step: StepOf<"new_time">, s: Understanding): Promise<string> {
  const m: Moving = { appointmentId: step.appointmentId, serviceId: step.serviceId, ...staffFields(step.staff) };
  if (step.dateOptions.length) {
    const date = pickedDate(step.dateOptions, s);
    if (date) return moveTo(turn, m, date, { ...step.pending, ...(s.when ?? {}), date, approximate: false, soonest: false });
  }
  const talksStaff = !!s.staff || !!step.staffOptions?.length;
  const target = talksStaff ? await loadTarget(turn, step.appointmentId) : null;
  if (talksStaff && !target) return turn.done(turn.r.noUpcoming());
  if (target) {
    const who = moveStaff(turn, s, target, step.staff, step.staffOptions);
    if (who.question) return askMoveStaff(turn, m, who.question, hasMoment(s.when) ? s.when : step.when);
    if (who.changed) return onStaffChange(turn, step, s, target, { ...m, ...staffFields(who.staff) });
    if (step.staffOptions?.length && !hasMoment(s.when)) return turn.confused(step.prompt);
  }
  const picked = pickedProposal(turn, step.proposals, s);
  if (picked) return askToConfirmMove(turn, m, picked, [], step.proposalStaff?.[step.proposals.indexOf(picked)]);
  const worked = await requestedTime(turn, s, step.appointmentId, target);
  if (worked) return moveTo(turn, m, step.date, worked);
  const when = hasMoment(s.when) ? withPending(s.when, step.pending) : hourAlone(s);
  if (when) return moveTo(turn, m, step.date, when);
  if (s.yesNo === "no") {
    if (step.proposals.length && !s.intents.has("goodbye")) return turn.ask({ ...step, proposals: [], dateOptions: [] }, turn.r.askAnotherTime());
    return turn.done(turn.r.moveDeclined());
  }
  if (s.yesNo === "yes" && step.proposals.length > 1) return turn.ask(step, turn.r.whichProposal(turn.slotList(step.proposals)));
  return turn.confused(step.prompt);
}

export async function onConfirmMove(turn: Turn, step: StepOf<"move_confirmation">, s: Understanding): Promise<string> {
  const current = wallClockAt(new Date(step.startsAt), turn.facts.timeZone);
  let m: Moving = { appointmentId: step.appointmentId, serviceId: step.serviceId, ...staffFields(step.staff) };
  const when = s.when;
  const newMoment = hasMoment(when) && ((when.minutes !== undefined && when.minutes !== current.minutes) || (when.date !== undefined && when.date !== current.date));
  const keepTime = !!when && when.minutes === undefined && !when.period && when.after === undefined && when.before === undefined;
  const changedTime = newMoment && when ? (keepTime ? { ...when, minutes: current.minutes } : when) : exactly(current.date, current.minutes);
  if (s.staff) {
    const target = await loadTarget(turn, step.appointmentId);
    if (!target) return turn.done(turn.r.noUpcoming());
    const who = moveStaff(turn, s, target, step.staff);
    if (who.question) return askMoveStaff(turn, m, who.question, changedTime);
    if (who.changed) {
      m = { ...m, ...staffFields(who.staff) };
      return moveTo(turn, m, current.date, changedTime, [turn.r.correctionNoted()]);
    }
  }
  if (newMoment) return moveTo(turn, m, current.date, changedTime, [turn.r.correctionNoted()]);
  if (s.yesNo === "no") return turn.done(turn.r.moveDeclined());
  if (s.yesNo !== "yes" || s.correction) return turn.confused(step.prompt);
  try {
    const resource = step.resourceId ? { resourceId: step.resourceId } : {};
    const moved = await turn.deps.booking.rescheduleAppointment(step.appointmentId, new Date(step.startsAt), { now: turn.input.now, ...resource });
    turn.wrote(moved);
    const person = step.resourceId ? turn.person(moved.resourceId) : undefined;
    const service = serviceOf(turn, moved);
    return turn.done(person ? turn.r.movedWith(service, turn.when(moved.startsAt), person.name) : turn.r.moved(service, turn.when(moved.startsAt)));
  } catch (error) {
    if (error instanceof SlotUnavailableError) {
      const list = error.alternatives.length ? turn.slotList(error.alternatives) : null;
      const next: StepOf<"new_time"> = {
        awaiting: "new_time",
        appointmentId: step.appointmentId,
        serviceId: step.serviceId,
        ...staffFields(m.staff),
        proposals: error.alternatives.map((x) => x.startsAt.toISOString()),
        ...proposalStaffOf(m.staff, error.alternatives),
        dateOptions: [],
      };
      return turn.ask(next, turn.r.slotJustTaken(list), list ? turn.r.whichProposal(list) : turn.r.askAnotherTime());
    }
    if (error instanceof AppointmentNotFoundError) return turn.done(turn.r.noUpcoming());
    throw error;
  }
}

/** A cancellation that turns into a move ("non, plutôt jeudi"): from the appointment's own day, with its own person. */
export async function moveInstead(turn: Turn, target: AppointmentSummary, when: WhenRequest, s: Understanding): Promise<string> {
  const who = moveStaff(turn, s, target, undefined);
  const m: Moving = { appointmentId: target.id, serviceId: target.serviceId, ...staffFields(who.staff) };
  return moveTo(turn, m, ownTime(turn, target).date, when);
}
