import type { Slot } from "@/lib/booking";
import type { ToolReplies } from "./catalogue/tool-replies";
import { formatDateTime, joinAlternatives } from "./formatting";
import type { AgentLocale } from "./language";
import { askablePeople, readStaffMention, saysIndifferent } from "./staff-matcher";
import { serviceName, type ResourceFact, type ServiceFact, type TenantFacts } from "./tenant-facts";

/*
 * The voice tools' optional `staff` argument: a person's name as the caller
 * said it, or "anyone". A tenant with a single diary ignores it, as it never
 * talks about staff; a name that fits nobody, several people, or someone who
 * does not do the service comes back as a line the assistant can say.
 */

export type StaffArgument = { person: ResourceFact | null } | { error: string };

export function staffArgument(said: string | undefined, service: ServiceFact, facts: TenantFacts, t: ToolReplies, locale: AgentLocale): StaffArgument {
  const people = askablePeople(facts);
  if (!said || !people.length) return { person: null };
  const staff = people.filter((p) => p.kind === "staff");
  const doing = staff.filter((p) => p.serviceIds.includes(service.id));
  const list = (of: ResourceFact[]) => joinAlternatives(of.map((p) => p.name), locale, "and");
  const mention = readStaffMention(said, people);
  if (!mention || mention.kind !== "named") {
    if (mention || saysIndifferent(said)) return { person: null };
    return { error: t.unknownStaff(said, list(staff)) };
  }
  // "Not Karim" is the assistant's to handle by naming someone else; anything else of several is a question.
  if (mention.excluded || mention.ids.length === 0) return { error: t.unknownStaff(said, list(staff)) };
  if (mention.ids.length > 1) return { error: t.ambiguousStaff(mention.said, list(people.filter((p) => mention.ids.includes(p.id)))) };
  const person = people.find((p) => p.id === mention.ids[0])!;
  if (!person.serviceIds.includes(service.id)) {
    return { error: t.staffNotForService(person.name, serviceName(service, locale), list(doing)) };
  }
  return { person };
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
