import { AppointmentNotFoundError, wallClockAt, type AppointmentSummary } from "@/lib/booking";
import { hasMoment, type WhenRequest } from "../dates/when";
import type { StepOf, StoredWhen } from "../dialogue-state";
import type { Understanding } from "../understanding-types";
import { parseWhen } from "../date-parser";
import { callerClientIds } from "./caller";
import { loadTarget, moveInstead, onConfirmMove, onNewTime, serviceOf, startMove } from "./appointment-move";
import { newTimeFor, readMoveRequest, type MoveRequest } from "./move-request";
import type { Turn } from "./turn";

/*
 * Cancelling or moving an appointment the caller already has: find it (by
 * the caller's phone, or by name on the web), read it back, and act only on
 * a yes. A new time for a move goes through the same checks as a booking.
 */

type Change = "cancel" | "move" | "show";
type ChangeStep = StepOf<"appointment_owner" | "appointment_choice" | "cancel_confirmation" | "new_time" | "move_confirmation">;

function matches(turn: Turn, a: AppointmentSummary, when: StoredWhen | WhenRequest): boolean {
  if (when.date === undefined && when.minutes === undefined) return false;
  const wall = wallClockAt(a.startsAt, turn.facts.timeZone);
  return (when.date === undefined || wall.date === when.date) && (when.minutes === undefined || wall.minutes === when.minutes);
}

async function targetChosen(
  turn: Turn,
  change: Change,
  target: AppointmentSummary,
  newTime: StoredWhen | WhenRequest | undefined,
  s: Understanding | null,
): Promise<string> {
  if (change === "show") return turn.done(turn.r.yourAppointment(turn.r.appointmentItem(serviceOf(turn, target), turn.when(target.startsAt))));
  if (change === "cancel") {
    const text = turn.r.confirmCancel(serviceOf(turn, target), turn.when(target.startsAt));
    return turn.ask({ awaiting: "cancel_confirmation", appointmentId: target.id }, text);
  }
  return startMove(turn, target, newTime, s);
}

async function offerAppointments(
  turn: Turn,
  change: Change,
  said: StoredWhen | undefined,
  clientIds: string[],
  request?: MoveRequest,
  s: Understanding | null = null,
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
    return targetChosen(turn, change, first, request?.from || request?.shiftMinutes !== undefined || !matching.length ? newTime(first) : undefined, s);
  }
  const match = matching[0];
  if (matching.length === 1 && match) return targetChosen(turn, change, match, request?.from || request?.shiftMinutes !== undefined ? newTime(match) : undefined, s);
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
  return offerAppointments(turn, change, when, clientIds, request, s);
}

async function onConfirmCancel(turn: Turn, step: StepOf<"cancel_confirmation">, s: Understanding): Promise<string> {
  // A new time instead of a yes: the caller wants to move it, not lose it.
  if (hasMoment(s.when) && !s.intents.has("cancel")) {
    const target = await loadTarget(turn, step.appointmentId);
    if (!target) return turn.done(turn.r.noUpcoming());
    return moveInstead(turn, target, s.when, s);
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
      return target ? targetChosen(turn, step.change, target, undefined, null) : turn.confused(step.prompt);
    }
    case "cancel_confirmation":
      return onConfirmCancel(turn, step, s);
    case "new_time":
      return onNewTime(turn, step, s);
    case "move_confirmation":
      return onConfirmMove(turn, step, s);
  }
}
