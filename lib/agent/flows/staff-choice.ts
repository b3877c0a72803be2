import { hasMoment, type WhenRequest } from "../dates/when";
import type { StaffChoice, StepOf, StoredWhen } from "../dialogue-state";
import { saysIndifferent } from "../staff-matcher";
import type { ResourceFact } from "../tenant-facts";
import type { Understanding } from "../understanding-types";
import type { Turn } from "./turn";

/*
 * Who the caller wants to see, kept in the dialogue state across turns: a
 * person ("avec Karim"), or whoever is free, possibly except people turned
 * down ("pas Karim", "someone else"). A name that matches several people or
 * nobody, or a person who does not do the service, becomes a question.
 * Tenants with a single diary never get here: their understanding carries no
 * staff.
 */

export interface StaffTaken {
  /** The message said something about who and it was kept. */
  taken: boolean;
  /** The choice differs from before. */
  changed: boolean;
  /** Ask "with whom?" instead of going on. */
  question: { text: string; options: string[] } | null;
}

const NOTHING: StaffTaken = { taken: false, changed: false, question: null };

/** The staff who do a service (all staff when it is not known yet). */
export function peopleFor(turn: Turn, serviceId: string | undefined): ResourceFact[] {
  const people = turn.people.filter((p) => p.kind === "staff");
  return serviceId ? people.filter((p) => p.serviceIds.includes(serviceId)) : people;
}

function choose(turn: Turn, choice: StaffChoice | undefined): boolean {
  const before = JSON.stringify(turn.state.staff ?? null);
  if (choice) turn.state.staff = choice;
  else delete turn.state.staff;
  return before !== JSON.stringify(choice ?? null);
}

/**
 * Takes what the message says about who into the state. `strict` (while a
 * name or phone is asked) keeps only a cued mention ("avec Karim"), since a
 * name alone may be the caller's own; `options` narrows a name to the people
 * just offered.
 */
export function takeStaff(turn: Turn, s: Understanding, serviceId: string | undefined, opts: { strict?: boolean; options?: string[] } = {}): StaffTaken {
  const m = s.staff;
  if (!m || !turn.people.length) return NOTHING;
  const current = turn.state.staff;
  if (m.kind === "anyone") return { taken: true, changed: choose(turn, { kind: "anyone", except: [] }), question: null };
  if (m.kind === "someone_else") {
    const except = current?.kind === "person" ? [current.id] : current?.kind === "anyone" ? current.except : [];
    return { taken: true, changed: choose(turn, { kind: "anyone", except }), question: null };
  }
  if (m.kind === "usual") {
    // Resolved before the turn when the client's last person is known; otherwise asked.
    const people = peopleFor(turn, serviceId);
    return { taken: true, changed: false, question: { text: turn.r.staffUsualUnknown(turn.peopleList(people)), options: people.map((p) => p.id) } };
  }
  if (m.strength === "bare" && !opts.options) return NOTHING;
  if (opts.strict && m.strength !== "cued") return NOTHING;
  const within = opts.options?.length ? m.ids.filter((id) => opts.options!.includes(id)) : [];
  const ids = within.length ? within : m.ids;
  if (m.excluded) {
    if (!ids.length) return NOTHING;
    const before = current?.kind === "anyone" ? current.except : [];
    return { taken: true, changed: choose(turn, { kind: "anyone", except: [...new Set([...before, ...ids])] }), question: null };
  }
  if (ids.length === 1) return { taken: true, changed: choose(turn, { kind: "person", id: ids[0]! }), question: null };
  const people = ids.length ? ids.map((id) => turn.person(id)).filter((p): p is ResourceFact => !!p) : peopleFor(turn, serviceId);
  const text = ids.length ? turn.r.staffAmbiguous(m.said, turn.peopleList(people)) : turn.r.staffUnknown(m.said, turn.peopleList(people));
  return { taken: true, changed: false, question: { text, options: people.map((p) => p.id) } };
}

/** The person asked for does not do this service: who does, as a question. */
export function serviceQuestion(turn: Turn, serviceId: string): { text: string; options: string[] } | null {
  const person = turn.requestedPerson;
  if (!person || person.serviceIds.includes(serviceId)) return null;
  const others = peopleFor(turn, serviceId);
  if (!others.length) return null;
  delete turn.state.staff;
  return {
    text: turn.r.staffNotForService(person.name, turn.serviceName(serviceId), turn.peopleList(others)),
    options: others.map((p) => p.id),
  };
}

/** Asks with whom, keeping the service and time said so far. */
export function askStaff(turn: Turn, question: { text: string; options: string[] }, serviceId: string | undefined, when: WhenRequest | StoredWhen | null | undefined, notes: string[] = []): string {
  const people = question.options.map((id) => turn.person(id)).filter((p): p is ResourceFact => !!p);
  const step: StepOf<"staff"> = {
    awaiting: "staff",
    options: question.options,
    ...(serviceId ? { serviceId } : {}),
    ...(hasMoment(when) ? { when } : {}),
  };
  return turn.ask(step, question.text, turn.r.askStaff(turn.peopleList(people)), notes);
}

/**
 * The answer to "with whom?": a name among the options, "the second one",
 * "n'importe qui", "peu importe". A question again when the name is still
 * not one person; null when the message says nothing about who.
 */
export function answerStaff(turn: Turn, step: StepOf<"staff">, s: Understanding): { text: string; options: string[] } | "taken" | null {
  const taken = takeStaff(turn, s, step.serviceId, { options: step.options });
  if (taken.question) return taken.question;
  if (taken.taken) return "taken";
  const index = step.options.length ? s.choice(step.options.length) : null;
  if (index !== null) {
    choose(turn, { kind: "person", id: step.options[index]! });
    return "taken";
  }
  if (step.options.length === 1 && s.yesNo === "yes") {
    choose(turn, { kind: "person", id: step.options[0]! });
    return "taken";
  }
  if (saysIndifferent(s.message)) {
    choose(turn, { kind: "anyone", except: [] });
    return "taken";
  }
  return null;
}

/** The offered slot's person becomes the one asked for when the caller picks someone else's time; that person, if so. */
export function pinProposal(turn: Turn, step: StepOf<"time">, picked: string): ResourceFact | null {
  const who = turn.person(step.proposalStaff?.[step.proposals.indexOf(picked)]);
  const staff = turn.state.staff;
  if (!who) return null;
  if ((staff?.kind === "anyone" && staff.except.length) || (staff?.kind === "person" && staff.id !== who.id)) {
    choose(turn, { kind: "person", id: who.id });
    return who;
  }
  return null;
}

/** Offered slots of the person now asked for, for "avec Sonia alors" after "…or Sonia is free at 10". */
export function proposalsOfPerson(turn: Turn, step: StepOf<"time">): string[] {
  const staff = turn.state.staff;
  if (staff?.kind !== "person" || !step.proposalStaff) return [];
  return step.proposals.filter((_, i) => step.proposalStaff![i] === staff.id);
}

/**
 * "Celui de d'habitude", "the same person as last time": the person of the
 * known client's last appointment, when they still work here; otherwise the
 * mention stays and becomes the question "with whom?".
 */
export async function withUsualPerson(turn: Turn, s: Understanding): Promise<Understanding> {
  const m = s.staff;
  if (m?.kind !== "usual" || !turn.clientId) return s;
  const person = turn.person(await turn.deps.store.lastResourceOf(turn.clientId, turn.input.now));
  if (!person || person.kind !== "staff") return s;
  return { ...s, staff: { kind: "named", said: person.name, ids: [person.id], excluded: false, strength: "cued", span: m.span } };
}
