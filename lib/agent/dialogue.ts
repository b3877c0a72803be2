import type { AppointmentSummary } from "@/lib/booking";
import { hasMoment } from "./dates/when";
import type { DialogueState, DialogueStep, StepOf } from "./dialogue-state";
import { startAppointmentChange, continueAppointmentChange } from "./flows/appointment-change";
import { continueBooking, startBooking } from "./flows/booking";
import { ensureClient, identifyCaller, isResumed, takeVolunteeredDetails } from "./flows/caller";
import { informationAnswer } from "./flows/information";
import { withUsualPerson } from "./flows/staff-choice";
import { Turn, type DialogueDeps, type DialogueInput } from "./flows/turn";
import { detectLanguage } from "./language";
import { understandMessage } from "./understanding";
import type { Understanding } from "./understanding-types";

export type { DialogueInput } from "./flows/turn";

export interface DialogueOutcome {
  reply: string;
  handoff: boolean;
  transferPhone?: string;
  appointment: AppointmentSummary | null;
  clientId: string | null;
  state: DialogueState;
}

/** Steps where the caller answers with a name or a number, which must not be read as a question. */
const DETAIL_STEPS: ReadonlySet<DialogueStep["awaiting"]> = new Set(["name", "phone", "appointment_owner"]);

/**
 * One turn of the conversation: reads the caller's message against the
 * dialogue state and the tenant's facts, acts through booking, and returns
 * the reply and the next state. The caller stores everything.
 */
export async function runDialogueTurn(deps: DialogueDeps, state: DialogueState, input: DialogueInput): Promise<DialogueOutcome> {
  // The conversation's language wins over the per-request hint: a widget
  // sends its page language on every message, even after the caller switched.
  // Before the conversation has a language, whatever the first message leans to wins.
  const settled = state.locale ?? input.locale;
  const said = input.understood ? input.understood.language : detectLanguage(input.message, settled);
  const turn = new Turn(deps, structuredClone(state), input, said ?? settled ?? deps.facts.defaultLocale);
  return run(turn);
}

async function run(turn: Turn): Promise<DialogueOutcome> {
  const { state, input } = turn;
  const resumed = isResumed(turn);
  if (resumed) {
    // A WhatsApp thread lives for months: last week's "shall I book 10:00?" must not be confirmed today.
    state.step = null;
    state.misunderstandings = 0;
    delete state.staff;
  }
  // A person deactivated since, or a tenant back to one diary: nobody is asked for any more.
  if (state.staff?.kind === "person" && !turn.person(state.staff.id)) delete state.staff;
  if (state.staff && !turn.people.length) delete state.staff;
  const firstTurn = state.turns === 0 || resumed;
  await identifyCaller(turn);
  const read =
    input.understood?.understanding ??
    understandMessage(input.message, { now: input.now, locale: turn.locale, facts: turn.facts, callerName: state.caller.name ?? null });
  const s = await withUsualPerson(turn, read);
  let reply = await respond(turn, s);
  if (!turn.clientId && state.caller.name && state.caller.phone) await ensureClient(turn);
  if (firstTurn && turn.returning && state.caller.name && !turn.handoff) reply = `${turn.r.welcomeBack(state.caller.name)} ${reply}`;
  state.locale = turn.locale;
  state.turns += 1;
  state.lastTurnAt = input.now.toISOString();
  if (turn.understood) state.misunderstandings = 0;
  return {
    reply,
    handoff: turn.handoff,
    ...(turn.transferPhone ? { transferPhone: turn.transferPhone } : {}),
    appointment: turn.appointment,
    clientId: turn.clientId,
    state,
  };
}

async function respond(turn: Turn, s: Understanding): Promise<string> {
  if (s.intents.has("emergency")) return turn.emergency();
  if (s.intents.has("handoff")) return turn.handOff(false);
  const volunteered = await takeVolunteeredDetails(turn, s);
  const step = turn.state.step;
  if (step) {
    const reply = await continueStep(turn, step, s, volunteered);
    if (reply !== null) return reply;
  }
  return route(turn, s, volunteered);
}

async function continueStep(turn: Turn, step: DialogueStep, s: Understanding, volunteered: boolean): Promise<string | null> {
  const confirmingBooking = step.awaiting === "booking_confirmation";
  const cancelling = step.awaiting === "cancel_confirmation" || (step.awaiting !== "appointment_choice" && "change" in step && step.change === "cancel");
  const moving = step.awaiting === "new_time" || step.awaiting === "move_confirmation" || ("change" in step && step.change === "move");
  if (!cancelling && !confirmingBooking && s.intents.has("cancel")) return null;
  if (!moving && s.intents.has("move")) return null;
  if (step.awaiting === "follow_up") return followUp(turn, step, s);
  // "Merci, bonne journée" ends whatever was under way.
  if (s.intents.has("goodbye") && s.yesNo === null && !hasMoment(s.when) && !s.service) return turn.done(turn.r.goodbye());
  if (!DETAIL_STEPS.has(step.awaiting) || !s.name) {
    const serviceId = "serviceId" in step ? step.serviceId : undefined;
    const asked = { ...s, bookingSignal: s.bookingSignal || step.awaiting === "time" || step.awaiting === "new_time" };
    const info = informationAnswer(turn, asked, serviceId ? { serviceId } : {});
    if (info) return [info, step.prompt].filter(Boolean).join(" ");
  }
  switch (step.awaiting) {
    case "service":
    case "time":
    case "staff":
    case "name":
    case "phone":
    case "booking_confirmation":
      return continueBooking(turn, step, s, volunteered);
    default:
      return continueAppointmentChange(turn, step, s);
  }
}

/**
 * After an answer: the same question about another day or service ("et
 * samedi ?", "and for a colouring?"), a yes to the offer to book, or
 * anything else, read afresh.
 */
function followUp(turn: Turn, step: StepOf<"follow_up">, s: Understanding): Promise<string> | string | null {
  const asksAnew = [...s.intents].some((i) => i !== "book" && i !== "greeting" && i !== "thanks");
  if (!asksAnew && !s.intents.has("book") && s.yesNo === null) {
    const onDay = step.topic === "hours" && !!s.when?.date && !s.service;
    const onService = step.topic !== "hours" && s.services.length > 0 && !hasMoment(s.when);
    if (onDay || onService) {
      const info = informationAnswer(turn, { ...s, intents: new Set([...s.intents, step.topic]) }, null);
      if (info) return info;
    }
  }
  if (step.topic === "hours") return null;
  if (s.yesNo === "yes" && !asksAnew) return startBooking(turn, s, step.serviceId);
  if (s.yesNo === "no" && !hasMoment(s.when) && !s.service) return turn.done(s.intents.has("goodbye") ? turn.r.goodbye() : turn.r.nothingElse());
  return null;
}

async function route(turn: Turn, s: Understanding, volunteered: boolean): Promise<string> {
  const { intents } = s;
  // "Je ne pourrai pas venir demain, on peut repousser ?" is a move, not a cancellation.
  if (intents.has("move")) return startAppointmentChange(turn, "move", s);
  if (intents.has("cancel")) return startAppointmentChange(turn, "cancel", s);
  if (intents.has("my_appointments")) return startAppointmentChange(turn, "show", s);
  const info = informationAnswer(turn, s, null);
  if (info) return info;
  if (s.bookingSignal || (s.unknownService?.term && intents.has("book"))) return startBooking(turn, s);
  // "Braces for my son?": a service we lack, asked about rather than booked.
  if (s.unknownService?.term) return informationAnswer(turn, { ...s, intents: new Set([...intents, "services"]) }, null) ?? turn.confused(null);
  if (intents.has("goodbye")) return turn.done(turn.r.goodbye());
  if (intents.has("thanks")) return turn.r.thanks();
  if (intents.has("greeting")) {
    if (turn.state.turns === 0 && !turn.returning) return turn.facts.greeting[turn.locale] ?? turn.r.greeting(turn.facts.businessName, turn.facts.personaName);
    return turn.r.howCanIHelp();
  }
  if (volunteered) return turn.r.howCanIHelp();
  if (turn.state.turns > 0 && s.yesNo === "no") return turn.done(turn.r.nothingElse());
  return turn.confused(null);
}
