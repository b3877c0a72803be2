import type { AppointmentSummary } from "@/lib/booking";
import type { StaffChoice, StepOf } from "../dialogue-state";
import { saysIndifferent } from "../staff-matcher";
import type { ResourceFact } from "../tenant-facts";
import type { Understanding } from "../understanding-types";
import { peopleFor } from "./staff-choice";
import type { Turn } from "./turn";

/*
 * Who a moved appointment is with. Without a word about it, its own person
 * (so their times are offered, as the move keeps them); "avec Sophie cette
 * fois", "n'importe qui", "anyone else", "pas Karim" change it for this move
 * only, never the person the conversation asked for when booking. Tenants
 * with a single diary get no choice at all, so the move stays as it was.
 */

export interface MoveStaff {
  staff?: StaffChoice;
  /** The message said something about who that was kept. */
  changed: boolean;
  question?: { text: string; options: string[] };
}

/** A stored choice whose people still work here; anything else is forgotten. */
function live(turn: Turn, choice: StaffChoice | undefined): StaffChoice | undefined {
  if (!choice || !turn.people.length) return undefined;
  if (choice.kind === "person") return turn.person(choice.id) ? choice : undefined;
  return { kind: "anyone", except: choice.except.filter((id) => turn.person(id)) };
}

/** The appointment's own person, when the caller could ask for them and they still do the service. */
function ownPerson(turn: Turn, target: Pick<AppointmentSummary, "resourceId" | "serviceId">): StaffChoice | undefined {
  const own = turn.person(target.resourceId);
  return own && own.kind === "staff" && own.serviceIds.includes(target.serviceId) ? { kind: "person", id: own.id } : undefined;
}

function personChoice(turn: Turn, person: ResourceFact, serviceId: string): MoveStaff {
  if (person.serviceIds.includes(serviceId)) return { staff: { kind: "person", id: person.id }, changed: true };
  const others = peopleFor(turn, serviceId);
  return {
    changed: false,
    question: { text: turn.r.staffNotForService(person.name, turn.serviceName(serviceId), turn.peopleList(others)), options: others.map((p) => p.id) },
  };
}

/**
 * The move's person after this message. `before`: the choice so far (absent:
 * the appointment's own person); `options`: the people just offered, which a
 * name, "the second one" or "peu importe" picks among.
 */
export function moveStaff(
  turn: Turn,
  s: Understanding | null,
  target: Pick<AppointmentSummary, "resourceId" | "serviceId">,
  before: StaffChoice | undefined,
  options?: string[],
): MoveStaff {
  const current = live(turn, before) ?? ownPerson(turn, target);
  const keep: MoveStaff = { ...(current ? { staff: current } : {}), changed: false };
  const m = s?.staff;
  if (!turn.people.length || !s) return keep;
  if (!m) {
    const index = options?.length ? s.choice(options.length) : null;
    if (options && index !== null) return personChoice(turn, turn.person(options[index])!, target.serviceId);
    if (options?.length === 1 && s.yesNo === "yes") return personChoice(turn, turn.person(options[0])!, target.serviceId);
    if (options && saysIndifferent(s.message)) return { staff: { kind: "anyone", except: [] }, changed: true };
    return keep;
  }
  if (m.kind === "anyone") return { staff: { kind: "anyone", except: [] }, changed: true };
  // "The same person as last time" that the dialogue could not find: the move's own person stays.
  if (m.kind === "usual") return keep;
  const except = current?.kind === "anyone" ? current.except : [];
  if (m.kind === "someone_else") {
    const who = current?.kind === "person" ? current.id : target.resourceId;
    return { staff: { kind: "anyone", except: [...new Set([...except, who])] }, changed: true };
  }
  if (m.strength === "bare" && !options) return keep;
  const within = options?.length ? m.ids.filter((id) => options.includes(id)) : [];
  const ids = (within.length ? within : m.ids).filter((id) => turn.person(id));
  if (m.excluded) return ids.length ? { staff: { kind: "anyone", except: [...new Set([...except, ...ids])] }, changed: true } : keep;
  if (ids.length === 1) return personChoice(turn, turn.person(ids[0])!, target.serviceId);
  const people = ids.length ? ids.map((id) => turn.person(id)!) : peopleFor(turn, target.serviceId);
  const text = ids.length ? turn.r.staffAmbiguous(m.said, turn.peopleList(people)) : turn.r.staffUnknown(m.said, turn.peopleList(people));
  return { changed: false, question: { text, options: people.map((p) => p.id) } };
}

/**
 * The person a chosen time goes to: the one asked for, else whose diary the
 * time was found free in (or whose offered time it was); undefined keeps the
 * appointment's own.
 */
export function moveResource(turn: Turn, staff: StaffChoice | undefined, found: string | null | undefined): string | undefined {
  if (!staff) return undefined;
  if (found && turn.person(found) && (staff.kind === "anyone" || found !== staff.id)) return found;
  return staff.kind === "person" ? staff.id : undefined;
}

/** The step fields that carry the move's person from turn to turn. */
export function staffFields(staff: StaffChoice | undefined): Pick<StepOf<"new_time">, "staff"> {
  return staff ? { staff } : {};
}
