import { SlotUnavailableError, type Slot } from "@/lib/booking";
import type { StaffChoice } from "./dialogue-state";
import { availabilityAmong, type Availability } from "./staff-availability";
import type { ToolReplies } from "./catalogue/tool-replies";
import { formatDateTime, joinAlternatives } from "./formatting";
import type { AgentLocale } from "./language";
import { readStaffArgument } from "./staff-argument";
import { askablePeople } from "./staff-matcher";
import { serviceName, type ResourceFact, type ServiceFact, type TenantFacts } from "./tenant-facts";

/*
 * The voice tools' optional `staff` argument: a person's name as the caller
 * said it, or "anyone". A tenant with a single diary ignores it, as it never
 * talks about staff; a name that fits nobody, several people, or someone who
 * does not do the service comes back as a line the assistant can say.
 */

/** The caller's choice (absent: nothing said, which a move reads as "keep the person"), or a line to say. */
export type StaffArgument = { choice?: StaffChoice; usual?: true } | { error: string };

export function staffArgument(
  said: string | undefined,
  service: ServiceFact,
  facts: TenantFacts,
  t: ToolReplies,
  locale: AgentLocale,
  /** The caller's last person, for "the same as last time"; null when unknown. */
  usual?: string | null,
): StaffArgument {
  const people = askablePeople(facts);
  if (!said || !people.length) return {};
  const staff = people.filter((p) => p.kind === "staff");
  const doing = staff.filter((p) => p.serviceIds.includes(service.id));
  const list = (of: ResourceFact[]) => joinAlternatives(of.map((p) => p.name), locale, "and");
  let mention = readStaffArgument(said, people);
  if (mention?.kind === "usual") {
    if (usual === undefined) return { usual: true };
    const last = staff.find((p) => p.id === usual);
    if (!last) return { error: t.usualUnknown(list(doing)) };
    mention = { kind: "named", said: last.name, ids: [last.id], excluded: false, strength: "cued", span: mention.span };
  }
  if (!mention || mention.kind !== "named") return { choice: { kind: "anyone", except: [] } };
  if (mention.ids.length === 0) return { error: t.unknownStaff(mention.said, list(staff)) };
  // "Not Karim", "sauf Karim": whoever else does the service; every Sonia when the name is several people's.
  if (mention.excluded) {
    const others = doing.filter((p) => !mention.ids.includes(p.id));
    if (!others.length) return { error: t.nobodyElse(serviceName(service, locale), list(doing)) };
    return { choice: others.length === 1 ? { kind: "person", id: others[0]!.id } : { kind: "anyone", except: mention.ids } };
  }
  if (mention.ids.length > 1) return { error: t.ambiguousStaff(mention.said, list(people.filter((p) => mention.ids.includes(p.id)))) };
  const person = people.find((p) => p.id === mention.ids[0])!;
  if (!person.serviceIds.includes(service.id)) {
    return { error: t.staffNotForService(person.name, serviceName(service, locale), list(doing)) };
  }
  return { choice: { kind: "person", id: person.id } };
}

export interface StaffPlan {
  choice?: StaffChoice;
  person: ResourceFact | null;
  /** The booking API's filter for the person asked for. */
  query: { resourceId?: string };
  /** Where availability is read: everyone's, or everyone's but the people turned down. */
  availability: Availability;
}

export function staffPlan(choice: StaffChoice | undefined, facts: TenantFacts, booking: Availability): StaffPlan {
  const people = askablePeople(facts);
  const person = choice?.kind === "person" ? (people.find((p) => p.id === choice.id) ?? null) : null;
  const except = choice?.kind === "anyone" ? choice.except : [];
  const availability = except.length
    ? availabilityAmong(booking, (serviceId) => people.filter((p) => p.kind === "staff" && p.serviceIds.includes(serviceId) && !except.includes(p.id)))
    : booking;
  return { ...(choice ? { choice } : {}), person, query: person ? { resourceId: person.id } : {}, availability };
}

/**
 * The resource a write at `startsAt` goes to: the person asked for, else
 * whoever is free then among those not turned down; undefined when nothing
 * was said. A time nobody suitable has free is refused like a taken slot.
 */
export async function resourceAt(plan: StaffPlan, serviceId: string, startsAt: Date, now: Date, ignoreAppointmentId?: string): Promise<string | undefined> {
  if (!plan.choice) return undefined;
  if (plan.person) return plan.person.id;
  const check = await plan.availability.checkSlot({ serviceId, startsAt, now, ...(ignoreAppointmentId ? { ignoreAppointmentId } : {}) });
  if (check.status !== "free") throw new SlotUnavailableError(check.status, startsAt, check.alternatives);
  return plan.availability.freeWith?.(check) ?? check.resourceId;
}

/** Whose a slot or appointment is, for a tenant with several staff: " [Sonia]" after the time. */
export function slotOwner(slot: Pick<Slot, "resourceId">, facts: TenantFacts): string {
  const person = askablePeople(facts).find((p) => p.id === slot.resourceId);
  return person ? ` [${person.name}]` : "";
}

/** Someone else free at `slot`'s time, said after a person's refusal. */
export function otherFreeLine(slots: Slot[], person: ResourceFact, facts: TenantFacts, t: ToolReplies, locale: AgentLocale, iso: (d: Date) => string): string {
  const other = slots.find((s) => s.resourceId !== person.id && askablePeople(facts).some((p) => p.id === s.resourceId));
  if (!other) return "";
  const who = slotOwner(other, facts).slice(2, -1);
  return t.otherFreeThen(who, `${formatDateTime(other.startsAt, facts.timeZone, locale)} (${iso(other.startsAt)})`);
}
