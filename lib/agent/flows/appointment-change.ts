import { AppointmentNotFoundError, SlotUnavailableError, wallClockAt, type AppointmentSummary } from "@/lib/booking";
import { hasMoment, type WhenRequest } from "../dates/when";
import type { StepOf, StoredWhen } from "../dialogue-state";
import type { Understanding } from "../understanding-types";
import { parseWhen } from "../date-parser";
import { callerClientIds } from "./caller";
import { newTimeFor, readMoveRequest, type MoveRequest } from "./move-request";
import { hourAlone, pickedDate, pickedProposal, resolveTime, withPending, type TimeTarget } from "./slot-search";
import type { Turn } from "./turn";

/*
 * Cancelling or moving an appointment the caller already has: find it (by
 * the caller's phone, or by name on the web), read it back, and act only on
 * a yes. A new time for a move goes through the same checks as a booking.
 */

type Change = "cancel" | "move" | "show";
type ChangeStep = StepOf<"appointment_owner" | "appointment_choice" | "cancel_confirmation" | "new_time" | "move_confirmation">;

function serviceOf(turn: Turn, a: AppointmentSummary): string {
  return turn.serviceName(a.serviceId, a.service);
}

function moveTarget(appointmentId: string, serviceId: string, date: string | undefined): TimeTarget {
  return {
    serviceId,
    appointmentId,
    ...(date ? { date } : {}),
    step: (fields) => ({ awaiting: "new_time", appointmentId, serviceId, ...fields }),
  };
}

function matches(turn: Turn, a: AppointmentSummary, when: StoredWhen | WhenRequest): boolean {
  if (when.date === undefined && when.minutes === undefined) return false;
  const wall = wallClockAt(a.startsAt, turn.facts.timeZone);
  return (when.date === undefined || wall.date === when.date) && (when.minutes === undefined || wall.minutes === when.minutes);
}

async function loadTarget(turn: Turn, appointmentId: string): Promise<AppointmentSummary | null> {
  return (await turn.deps.store.bookedAppointments([appointmentId]))[0] ?? null;
}

async function askToConfirmMove(turn: Turn, appointmentId: string, serviceId: string, startsAt: string, notes: string[]): Promise<string> {
  const target = await loadTarget(turn, appointmentId);
  if (!target) return turn.done(turn.r.noUpcoming());
  const text = turn.r.confirmMove(serviceOf(turn, target), turn.when(target.startsAt), turn.when(startsAt));
  return turn.ask({ awaiting: "move_confirmation", appointmentId, serviceId, startsAt }, text, text, notes);
}

async function moveTo(turn: Turn, appointmentId: string, serviceId: string, date: string | undefined, when: WhenRequest | StoredWhen, notes: string[] = []) {
  const outcome = await resolveTime(turn, moveTarget(appointmentId, serviceId, date), when, notes);
  return outcome.chosen ? askToConfirmMove(turn, appointmentId, serviceId, outcome.startsAt, outcome.notes) : outcome.reply;
}

async function targetChosen(turn: Turn, change: Change, target: AppointmentSummary, newTime: StoredWhen | WhenRequest | undefined): Promise<string> {
  if (change === "show") return turn.done(turn.r.yourAppointment(turn.r.appointmentItem(serviceOf(turn, target), turn.when(target.startsAt))));
  if (change === "cancel") {
    const text = turn.r.confirmCancel(serviceOf(turn, target), turn.when(target.startsAt));
    return turn.ask({ awaiting: "cancel_confirmation", appointmentId: target.id }, text);
  }
  // A new time without a day is on the appointment's own day.
  if (hasMoment(newTime)) return moveTo(turn, target.id, target.serviceId, wallClockAt(target.startsAt, turn.facts.timeZone).date, newTime);
  const step: StepOf<"new_time"> = { awaiting: "new_time", appointmentId: target.id, serviceId: target.serviceId, proposals: [], dateOptions: [] };
  return turn.ask(step, turn.r.askNewTime(serviceOf(turn, target), turn.when(target.startsAt)));
}

async function offerAppointments(
  turn: Turn,
  change: Change,
  said: StoredWhen | undefined,
  clientIds: string[],
  request?: MoveRequest,
): Promise<string> {
  const upcoming = await turn.deps.booking.findUpcomingAppointmentsForClient(clientIds, { now: turn.input.now, limit: 5 });
  const first = upcoming[0];
  if (!first) return turn.done(turn.r.noUpcoming());
  if (change === "show" && upcoming.length > 1) {
    return turn.done(turn.r.yourAppointments(upcoming.map((a) => turn.r.appointmentItem(serviceOf(turn, a), turn.when(a.startsAt))).join(", ")));
  }
  const whichOne = request?.from ?? said;
  const matching = whichOne ? upcoming.filter((a) => matches(turn, a, whichOne)) : [];
  const newTime = (target: AppointmentSummary) => (request ? newTimeFor(request, target, turn.facts.timeZone) : undefined);
  if (upcoming.length === 1) {
    // "déplacer mon rendez-vous à jeudi 10h": with one appointment, a time that is not its own is the new time.
    return targetChosen(turn, change, first, request?.from || request?.shiftMinutes !== undefined || !matching.length ? newTime(first) : undefined);
  }
  const match = matching[0];
  if (matching.length === 1 && match) return targetChosen(turn, change, match, request?.from || request?.shiftMinutes !== undefined ? newTime(match) : undefined);
  const list = upcoming.map((a, i) => `${i + 1}) ${turn.r.appointmentItem(serviceOf(turn, a), turn.when(a.startsAt))}`);
  return turn.ask({ awaiting: "appointment_choice", change, candidates: upcoming.map((a) => a.id) }, turn.r.whichAppointment(list.join(", ")));
}

export async function startAppointmentChange(turn: Turn, change: Change, s: Understanding): Promise<string> {
  const when = hasMoment(s.when) ? s.when : undefined;
  const read = (text: string) => parseWhen(text, turn.input.now, turn.facts.timeZone, turn.locale, turn.facts.region);
  const request = change === "move" ? readMoveRequest(s.message, read) : undefined;
  const clientIds = await callerClientIds(turn);
  if (clientIds === null) {
    const said = request?.from ?? when;
    return turn.ask({ awaiting: "appointment_owner", change, ...(said ? { when: said } : {}) }, turn.r.askNameForLookup());
  }
  return offerAppointments(turn, change, when, clientIds, request);
}

async function onConfirmCancel(turn: Turn, step: StepOf<"cancel_confirmation">, s: Understanding): Promise<string> {
  // A new time instead of a yes: the caller wants to move it, not lose it.
  if (hasMoment(s.when) && !s.intents.has("cancel")) {
    const target = await loadTarget(turn, step.appointmentId);
    if (!target) return turn.done(turn.r.noUpcoming());
    return moveTo(turn, target.id, target.serviceId, wallClockAt(target.startsAt, turn.facts.timeZone).date, s.when);
  }
  if (s.yesNo === "no") return turn.done(turn.r.cancelDeclined());
  if (s.yesNo !== "yes" && !s.intents.has("cancel")) return turn.confused(step.prompt);
  try {
    const cancelled = await turn.deps.booking.cancelAppointment(step.appointmentId);
    turn.wrote(cancelled);
    return turn.done(turn.r.cancelled(serviceOf(turn, cancelled), turn.when(cancelled.startsAt)));
  } catch (error) {
    if (!(error instanceof AppointmentNotFoundError)) throw error;
    return turn.done(turn.r.noUpcoming());
  }
}

async function onNewTime(turn: Turn, step: StepOf<"new_time">, s: Understanding): Promise<string> {
  if (step.dateOptions.length) {
    const date = pickedDate(step.dateOptions, s);
    if (date) return moveTo(turn, step.appointmentId, step.serviceId, date, { ...step.pending, ...(s.when ?? {}), date, approximate: false, soonest: false });
  }
  const picked = pickedProposal(turn, step.proposals, s);
  if (picked) return askToConfirmMove(turn, step.appointmentId, step.serviceId, picked, []);
  // "Friday, same time?", "an hour later": worked out against the appointment itself.
  const request = readMoveRequest(s.message, (text) => parseWhen(text, turn.input.now, turn.facts.timeZone, turn.locale, turn.facts.region));
  if ((request.sameTime && request.to) || request.shiftMinutes !== undefined) {
    const target = await loadTarget(turn, step.appointmentId);
    const to = target ? newTimeFor(request, target, turn.facts.timeZone) : undefined;
    if (to) return moveTo(turn, step.appointmentId, step.serviceId, step.date, to);
  }
  const when = hasMoment(s.when) ? withPending(s.when, step.pending) : hourAlone(s);
  if (when) return moveTo(turn, step.appointmentId, step.serviceId, step.date, when);
  if (s.yesNo === "no") {
    if (step.proposals.length && !s.intents.has("goodbye")) return turn.ask({ ...step, proposals: [], dateOptions: [] }, turn.r.askAnotherTime());
    return turn.done(turn.r.moveDeclined());
  }
  if (s.yesNo === "yes" && step.proposals.length > 1) return turn.ask(step, turn.r.whichProposal(turn.slotList(step.proposals)));
  return turn.confused(step.prompt);
}

async function onConfirmMove(turn: Turn, step: StepOf<"move_confirmation">, s: Understanding): Promise<string> {
  const current = wallClockAt(new Date(step.startsAt), turn.facts.timeZone);
  const when = s.when;
  if (hasMoment(when) && ((when.minutes !== undefined && when.minutes !== current.minutes) || (when.date !== undefined && when.date !== current.date))) {
    const keepTime = when.minutes === undefined && !when.period && when.after === undefined && when.before === undefined;
    return moveTo(turn, step.appointmentId, step.serviceId, current.date, keepTime ? { ...when, minutes: current.minutes } : when, [turn.r.correctionNoted()]);
  }
  if (s.yesNo === "no") return turn.done(turn.r.moveDeclined());
  if (s.yesNo !== "yes" || s.correction) return turn.confused(step.prompt);
  try {
    const moved = await turn.deps.booking.rescheduleAppointment(step.appointmentId, new Date(step.startsAt), { now: turn.input.now });
    turn.wrote(moved);
    return turn.done(turn.r.moved(serviceOf(turn, moved), turn.when(moved.startsAt)));
  } catch (error) {
    if (error instanceof SlotUnavailableError) {
      const list = error.alternatives.length ? turn.slotList(error.alternatives) : null;
      const next: StepOf<"new_time"> = {
        awaiting: "new_time",
        appointmentId: step.appointmentId,
        serviceId: step.serviceId,
        proposals: error.alternatives.map((x) => x.startsAt.toISOString()),
        dateOptions: [],
      };
      return turn.ask(next, turn.r.slotJustTaken(list), list ? turn.r.whichProposal(list) : turn.r.askAnotherTime());
    }
    if (error instanceof AppointmentNotFoundError) return turn.done(turn.r.noUpcoming());
    throw error;
  }
}

export async function continueAppointmentChange(turn: Turn, step: ChangeStep, s: Understanding): Promise<string> {
  switch (step.awaiting) {
    case "appointment_owner": {
      if (!s.name) return turn.confused(turn.r.badName());
      turn.state.caller.name = s.name;
      return offerAppointments(turn, step.change, step.when, (await callerClientIds(turn)) ?? []);
    }
    case "appointment_choice": {
      const candidates = await turn.deps.store.bookedAppointments(step.candidates);
      const index = s.choice(step.candidates.length);
      const byIndex = index !== null ? candidates.find((a) => a.id === step.candidates[index]) : undefined;
      const when = s.when;
      const byTime = when ? candidates.filter((a) => matches(turn, a, when)) : [];
      const target = byIndex ?? (byTime.length === 1 ? byTime[0] : undefined);
      return target ? targetChosen(turn, step.change, target, undefined) : turn.confused(step.prompt);
    }
    case "cancel_confirmation":
      return onConfirmCancel(turn, step, s);
    case "new_time":
      return onNewTime(turn, step, s);
    case "move_confirmation":
      return onConfirmMove(turn, step, s);
  }
}
