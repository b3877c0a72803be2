import { ServiceNotFoundError, SlotUnavailableError, wallClockAt } from "@/lib/booking";
import { hasMoment, type WhenRequest } from "../dates/when";
import type { StepOf, StoredWhen } from "../dialogue-state";
import type { Understanding } from "../understanding-types";
import { ensureClient, rememberPhone } from "./caller";
import { dayOf, hourAlone, nearest, pickedDate, pickedProposal, resolveTime, withPending, type TimeTarget } from "./slot-search";
import { answerStaff, askStaff, pinProposal, proposalsOfPerson, serviceQuestion, takeStaff } from "./staff-choice";
import { proposalStaffOf, staffQuery } from "./staff-offers";
import type { Turn } from "./turn";

/*
 * Booking: service, time, name, phone, then a read-back the caller must
 * confirm. Whatever the caller has already said is kept and never asked
 * again; a change of service, day or time at any step is taken, checked, and
 * read back again. Nothing is booked but the time last read back and
 * confirmed with a yes.
 */

type BookingStep = StepOf<"service" | "time" | "staff" | "name" | "phone" | "booking_confirmation">;

interface Draft {
  serviceId?: string;
  startsAt?: string;
  /** Day in context. */
  date?: string;
}

function timeTarget(turn: Turn, serviceId: string, date: string | undefined): TimeTarget {
  const staff = turn.state.staff;
  return {
    serviceId,
    ...(date ? { date } : {}),
    ...(staff ? { staff } : {}),
    step: (fields) => ({ awaiting: "time", serviceId, ...fields }),
  };
}

async function askForTime(turn: Turn, serviceId: string, notes: string[]): Promise<string> {
  const next = await nearest(turn, timeTarget(turn, serviceId, undefined), turn.input.now);
  const list = next.length ? turn.slotList(next) : null;
  const day = dayOf(turn, next);
  const step: StepOf<"time"> = {
    awaiting: "time",
    serviceId,
    proposals: next.map((s) => s.startsAt.toISOString()),
    ...proposalStaffOf(turn.state.staff, next),
    dateOptions: [],
    ...(day ? { date: day } : {}),
  };
  const person = turn.requestedPerson;
  const service = turn.serviceName(serviceId);
  return turn.ask(step, person ? turn.r.staffAskTime(service, person.name, list) : turn.r.askTime(service, list), undefined, notes);
}

/**
 * The next question of a booking from what is known: service, time, name,
 * phone, then the read-back. `when` is what the caller said about the time
 * this turn (or earlier, before the service was known).
 */
async function advance(turn: Turn, draft: Draft, when: WhenRequest | StoredWhen | null | undefined, notes: string[] = []): Promise<string> {
  const services = turn.facts.services;
  const serviceId = draft.serviceId ?? (services.length === 1 ? services[0]!.id : undefined);
  if (!serviceId) {
    const list = turn.serviceList();
    return turn.ask({ awaiting: "service", ...(hasMoment(when) ? { when } : {}) }, turn.r.askService(list), turn.r.askService(list), notes);
  }
  const notForService = serviceQuestion(turn, serviceId);
  if (notForService) return askStaff(turn, notForService, serviceId, hasMoment(when) ? when : undefined, notes);
  let startsAt = draft.startsAt;
  // "Tuesday at 10:00 is available" before a question; the read-back says it anyway.
  let available: string[] = [];
  if (hasMoment(when)) {
    const outcome = await resolveTime(turn, timeTarget(turn, serviceId, draft.date), when, notes);
    if (!outcome.chosen) return outcome.reply;
    startsAt = outcome.startsAt;
    notes = outcome.notes;
    const person = turn.requestedPerson;
    available = [person ? turn.r.staffAvailable(person.name, turn.when(startsAt)) : turn.r.available(turn.when(startsAt))];
  }
  if (!startsAt) return askForTime(turn, serviceId, notes);
  const caller = turn.state.caller;
  if (!caller.name) return turn.ask({ awaiting: "name", serviceId, startsAt }, turn.r.askName(), undefined, [...notes, ...available]);
  if (!caller.phone) return turn.ask({ awaiting: "phone", serviceId, startsAt }, turn.r.askPhone(), undefined, [...notes, ...available]);
  const person = turn.requestedPerson;
  const service = turn.serviceName(serviceId);
  const text = person ? turn.r.confirmBookingWith(service, turn.when(startsAt), caller.name, person.name) : turn.r.confirmBooking(service, turn.when(startsAt), caller.name);
  return turn.ask({ awaiting: "booking_confirmation", serviceId, startsAt }, text, text, notes);
}

/** Notes before the next question: a service asked for that we do not offer, beside one we do. */
function serviceNotes(turn: Turn, s: Understanding): string[] {
  return s.service && s.unknownService?.term ? [turn.r.alsoNotOffered(s.unknownService.term)] : [];
}

export function startBooking(turn: Turn, s: Understanding, serviceId?: string): Promise<string> | string {
  if (!turn.facts.services.length) return turn.done(turn.r.noServices());
  const chosen = s.service?.id ?? serviceId;
  const staff = takeStaff(turn, s, chosen);
  if (staff.question) return askStaff(turn, staff.question, chosen, s.when);
  if (!chosen && s.unknownService && turn.facts.services.length > 1) {
    const list = turn.serviceList();
    const text = s.unknownService.term ? turn.r.notOfferedAskService(s.unknownService.term, list) : turn.r.unknownService(list);
    return turn.ask({ awaiting: "service", ...(hasMoment(s.when) ? { when: s.when } : {}) }, text, turn.r.askService(list));
  }
  return advance(turn, chosen ? { serviceId: chosen } : {}, s.when, serviceNotes(turn, s));
}

/** What the caller changed in this message about a booking being prepared: service, day or time. */
function changedTime(turn: Turn, startsAt: string | undefined, s: Understanding): WhenRequest | null {
  const when = s.when;
  if (!hasMoment(when)) return null;
  if (!startsAt) return when;
  const current = wallClockAt(new Date(startsAt), turn.facts.timeZone);
  const sameMinutes = when.minutes === undefined || when.minutes === current.minutes;
  const sameDate = when.date === undefined || when.date === current.date;
  const onlyWindow = when.minutes === undefined && when.date === undefined && !when.soonest;
  if (sameMinutes && sameDate && !onlyWindow) return null;
  // "actually make it Thursday": the same time on the new day, when the caller named no other.
  const keepTime = when.minutes === undefined && !when.period && when.after === undefined && when.before === undefined && !when.soonest;
  return keepTime && when.date ? { ...when, minutes: current.minutes } : { ...when, ...(when.date ? {} : { date: current.date }) };
}

/**
 * A change of service, day or time said while name, phone or confirmation
 * was awaited: taken, checked, then the booking goes on from there. Null when
 * the message changes nothing.
 */
async function takeChange(turn: Turn, step: StepOf<"name" | "phone" | "booking_confirmation">, s: Understanding): Promise<string | null> {
  const newService = s.service && s.service.id !== step.serviceId ? s.service : null;
  const when = changedTime(turn, step.startsAt, s);
  const wall = wallClockAt(new Date(step.startsAt), turn.facts.timeZone);
  // While a name or phone is asked, "Karim" alone may be the caller's own name: only "avec Karim" changes who.
  const staff = takeStaff(turn, s, newService?.id ?? step.serviceId, { strict: step.awaiting !== "booking_confirmation" });
  const sameTime = { date: wall.date, minutes: wall.minutes, approximate: false, soonest: false };
  if (staff.question) return askStaff(turn, staff.question, newService?.id ?? step.serviceId, when ?? sameTime);
  if (!newService && !when && !staff.changed) {
    if (s.correction && s.unknownService?.term) {
      const list = turn.serviceList();
      return turn.ask(step, turn.r.notOfferedAskService(s.unknownService.term, list), step.prompt);
    }
    return null;
  }
  const serviceId = newService?.id ?? step.serviceId;
  const notes = [turn.r.correctionNoted(), ...serviceNotes(turn, s)];
  if (when) return advance(turn, { serviceId, date: wall.date }, when, notes);
  // The same time for another service or person: its length or their diary may not fit, so it is checked again.
  return advance(turn, { serviceId, date: wall.date }, sameTime, notes);
}

async function onService(turn: Turn, step: StepOf<"service">, s: Understanding): Promise<string> {
  if (!s.service) {
    const list = turn.serviceList();
    if (s.unknownService?.term) return turn.ask(step, turn.r.notOfferedAskService(s.unknownService.term, list), turn.r.askService(list));
    // "Non, plutôt jeudi" while the service is asked: the day is kept, the question stands.
    if (hasMoment(s.when)) return turn.ask({ ...step, when: s.when }, turn.r.askService(list));
    return turn.confused(turn.r.unknownService(list));
  }
  const staff = takeStaff(turn, s, s.service.id);
  if (staff.question) return askStaff(turn, staff.question, s.service.id, hasMoment(s.when) ? s.when : step.when);
  return advance(turn, { serviceId: s.service.id }, hasMoment(s.when) ? s.when : step.when, serviceNotes(turn, s));
}

/** The answer to "with whom?", then the booking goes on with what was said before. */
async function onStaff(turn: Turn, step: StepOf<"staff">, s: Understanding): Promise<string> {
  const answer = answerStaff(turn, step, s);
  const serviceId = s.service?.id ?? step.serviceId;
  const when = hasMoment(s.when) ? s.when : step.when;
  if (answer && answer !== "taken") return askStaff(turn, answer, serviceId, when);
  if (!answer) return turn.confused(step.prompt);
  return advance(turn, serviceId ? { serviceId } : {}, when);
}

/** "Avec Sonia alors" while times are offered: Sonia's offered time, else Sonia's times that day. */
async function onStaffChange(turn: Turn, step: StepOf<"time">, s: Understanding): Promise<string> {
  const draft = { serviceId: step.serviceId, ...(step.date ? { date: step.date } : {}) };
  if (hasMoment(s.when)) return advance(turn, draft, withPending(s.when, step.pending));
  const theirs = proposalsOfPerson(turn, step);
  if (theirs.length === 1) return advance(turn, { serviceId: step.serviceId, startsAt: theirs[0]! }, null);
  if (step.date) return advance(turn, draft, { ...step.pending, date: step.date, approximate: false, soonest: false });
  return askForTime(turn, step.serviceId, []);
}

async function onTime(turn: Turn, step: StepOf<"time">, s: Understanding): Promise<string> {
  if (step.dateOptions.length) {
    const date = pickedDate(step.dateOptions, s);
    if (date) return advance(turn, { serviceId: step.serviceId, date }, { ...step.pending, ...(s.when ?? {}), date, approximate: false, soonest: false });
  }
  const staff = takeStaff(turn, s, s.service?.id ?? step.serviceId);
  if (staff.question) return askStaff(turn, staff.question, s.service?.id ?? step.serviceId, hasMoment(s.when) ? s.when : undefined);
  if (staff.changed && !(s.service && s.service.id !== step.serviceId)) return onStaffChange(turn, step, s);
  const picked = pickedProposal(turn, step.proposals, s);
  if (picked) {
    // Someone else's offered time ("…or Sonia is free at 10"): say whom it is with.
    const other = pinProposal(turn, step, picked);
    const notes = other ? [turn.r.staffAvailable(other.name, turn.when(picked))] : [];
    return advance(turn, { serviceId: step.serviceId, startsAt: picked }, null, notes);
  }
  const newService = s.service && s.service.id !== step.serviceId ? s.service : null;
  if (newService) {
    if (hasMoment(s.when)) return advance(turn, { serviceId: newService.id, ...(step.date ? { date: step.date } : {}) }, s.when);
    return askForTime(turn, newService.id, serviceNotes(turn, s));
  }
  const when = hasMoment(s.when) ? withPending(s.when, step.pending) : hourAlone(s);
  if (when) return advance(turn, { serviceId: step.serviceId, ...(step.date ? { date: step.date } : {}) }, when);
  // "Une consultation" again while its time is asked: nothing to change, nothing misunderstood.
  if (s.service) return turn.ask(step, step.prompt ?? turn.r.askAnotherTime());
  if (s.unknownService?.term && (s.correction || s.bookingSignal)) {
    const list = turn.serviceList();
    return turn.ask(step, turn.r.notOfferedAskService(s.unknownService.term, list), step.prompt);
  }
  if (s.yesNo === "no") {
    // "Non merci" ends it; a plain "no" to the offers asks for another time.
    if (step.proposals.length && !s.intents.has("goodbye")) return turn.ask({ ...step, proposals: [], dateOptions: [] }, turn.r.askAnotherTime());
    return turn.done(turn.r.nothingElse());
  }
  if (s.yesNo === "yes" && step.proposals.length > 1) return turn.ask(step, turn.r.whichProposal(turn.slotList(step.proposals)));
  return turn.confused(step.prompt);
}

async function onDetails(turn: Turn, step: StepOf<"name" | "phone">, s: Understanding, volunteered: boolean): Promise<string> {
  const change = await takeChange(turn, step, s);
  if (change !== null) return change;
  const caller = turn.state.caller;
  // Name and phone come in either order, together or apart: keep whichever was given.
  const phone = !caller.phone ? s.phone : null;
  if (phone) await rememberPhone(turn, phone);
  const name = step.awaiting === "name" ? s.name : null;
  if (name) caller.name = name;
  if (!phone && !name && !volunteered) return turn.confused(step.awaiting === "name" ? turn.r.badName() : turn.r.badPhone());
  return advance(turn, { serviceId: step.serviceId, startsAt: step.startsAt }, null);
}

async function onConfirmation(turn: Turn, step: StepOf<"booking_confirmation">, s: Understanding, volunteered: boolean): Promise<string> {
  const change = await takeChange(turn, step, s);
  if (change !== null) return change;
  if (s.nameIntroduced && s.name && s.name !== turn.state.caller.name && !turn.clientId) {
    turn.state.caller.name = s.name;
    return advance(turn, { serviceId: step.serviceId, startsAt: step.startsAt }, null, [turn.r.correctionNoted()]);
  }
  if (volunteered) return advance(turn, { serviceId: step.serviceId, startsAt: step.startsAt }, null);
  const answer = s.intents.has("cancel") ? "no" : s.yesNo;
  if (answer === "no") {
    return turn.ask({ awaiting: "time", serviceId: step.serviceId, proposals: [], dateOptions: [] }, turn.r.bookingDeclined(), turn.r.askAnotherTime());
  }
  // A yes that comes with "actually…" but no change we understood is not a yes to what was read back.
  if (answer !== "yes" || s.correction) return turn.confused(step.prompt);
  const clientId = await ensureClient(turn);
  try {
    const booked = await turn.deps.booking.bookAppointment({
      serviceId: step.serviceId,
      clientId,
      startsAt: new Date(step.startsAt),
      channel: turn.input.channel,
      conversationId: turn.input.conversationId,
      now: turn.input.now,
      ...staffQuery(turn.state.staff),
    });
    turn.wrote(booked);
    const service = turn.serviceName(booked.serviceId, booked.service);
    // Whoever "anyone" landed on is named, so the caller knows whom to ask for.
    const person = turn.person(booked.resourceId);
    return turn.done(person ? turn.r.bookedWith(service, turn.when(booked.startsAt), person.name) : turn.r.booked(service, turn.when(booked.startsAt)));
  } catch (error) {
    if (error instanceof SlotUnavailableError) {
      const list = error.alternatives.length ? turn.slotList(error.alternatives) : null;
      const proposals = error.alternatives.map((x) => x.startsAt.toISOString());
      const next: StepOf<"time"> = { awaiting: "time", serviceId: step.serviceId, proposals, ...proposalStaffOf(turn.state.staff, error.alternatives), dateOptions: [] };
      return turn.ask(next, turn.r.slotJustTaken(list), list ? turn.r.whichProposal(list) : turn.r.askAnotherTime());
    }
    if (error instanceof ServiceNotFoundError) return turn.done(turn.r.askService(turn.serviceList()));
    throw error;
  }
}

/** The booking's answer to this message at its current step. */
export async function continueBooking(turn: Turn, step: BookingStep, s: Understanding, volunteered: boolean): Promise<string> {
  switch (step.awaiting) {
    case "service":
      return onService(turn, step, s);
    case "time":
      return onTime(turn, step, s);
    case "staff":
      return onStaff(turn, step, s);
    case "name":
    case "phone":
      return onDetails(turn, step, s, volunteered);
    case "booking_confirmation":
      return onConfirmation(turn, step, s, volunteered);
  }
}
