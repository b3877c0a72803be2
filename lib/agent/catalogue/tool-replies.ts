import type { AgentLocale } from "../language";

/*
 * The one-line results of the voice tools (agent-tools.ts), read by the voice
 * model and often repeated to the caller. Times come with their ISO form in
 * brackets so the model can pass them back verbatim.
 */
export interface ToolReplies {
  unknownService(services: string): string;
  callerNumberUnknown(): string;
  noUpcomingForNumber(): string;
  severalAppointments(list: string): string;
  free(service: string, when: string): string;
  freeSlotsOnDay(service: string, day: string, times: string): string;
  noSlotOnDay(day: string, nearest: string): string;
  nextSlots(service: string, slots: string): string;
  nearestSlots(slots: string): string;
  none(): string;
  phoneNeeded(): string;
  booked(service: string, when: string, name: string, reference: string): string;
  cancelled(service: string, when: string): string;
  moved(service: string, when: string): string;
  appointmentGone(): string;
  serviceGone(): string;
  /** The `staff` argument names nobody on the team, several people, or someone who does not do the service. */
  unknownStaff(said: string, people: string): string;
  ambiguousStaff(said: string, people: string): string;
  staffNotForService(person: string, service: string, people: string): string;
  /** "Not Karim" when nobody else does the service. */
  nobodyElse(service: string, people: string): string;
  /** The person asked for does not work that day (days off, or not their weekday). */
  personOff(person: string, day: string, back: string | null): string;
  /** "The same as last time" from a number with no earlier appointment (or whose person has left). */
  usualUnknown(people: string): string;
  /** The service as booked or checked with a person: "Coupe avec Karim". */
  withPerson(service: string, person: string): string;
  /** Someone else free at the time asked, after the person's own nearest times. */
  otherFreeThen(person: string, when: string): string;
}

const fr: ToolReplies = {
  unknownService: (services) => `Prestation inconnue. Prestations proposées : ${services}.`,
  callerNumberUnknown: () => "Numéro de l'appelant inconnu.",
  noUpcomingForNumber: () => "Aucun rendez-vous à venir pour ce numéro.",
  severalAppointments: (list) => `Plusieurs rendez-vous, précisez lequel : ${list}.`,
  free: (service, when) => `${service} : ${when} est libre.`,
  freeSlotsOnDay: (service, day, times) => `${service}, créneaux libres le ${day} : ${times}.`,
  noSlotOnDay: (day, nearest) => `Aucun créneau libre le ${day}. Les plus proches : ${nearest}.`,
  nextSlots: (service, slots) => `${service}, prochains créneaux libres : ${slots}.`,
  nearestSlots: (slots) => ` Créneaux libres les plus proches : ${slots}.`,
  none: () => "aucun",
  phoneNeeded: () => "Il faut un numéro de téléphone.",
  booked: (service, when, name, reference) => `Réservé : ${service} le ${when} au nom de ${name} (référence ${reference}).`,
  cancelled: (service, when) => `Annulé : ${service} du ${when}.`,
  moved: (service, when) => `Déplacé : ${service} le ${when}.`,
  appointmentGone: () => "Ce rendez-vous n'existe plus.",
  serviceGone: () => "Cette prestation n'est plus proposée.",
  unknownStaff: (said, people) => `Personne du nom de ${said} dans l'équipe. Équipe : ${people}.`,
  ambiguousStaff: (said, people) => `Plusieurs personnes s'appellent ${said} : ${people}. Précisez laquelle.`,
  staffNotForService: (person, service, people) => `${person} ne fait pas ${service}. Pour ${service} : ${people}.`,
  nobodyElse: (service, people) => `Personne d'autre ne fait ${service} : seulement ${people}.`,
  personOff: (person, day, back) => `${person} ne travaille pas le ${day}${back ? ` (de retour le ${back})` : ""}. `,
  usualUnknown: (people) => `Aucun rendez-vous précédent trouvé pour ce numéro ; demandez avec qui : ${people}.`,
  withPerson: (service, person) => `${service} avec ${person}`,
  otherFreeThen: (person, when) => ` ${person} est libre à ce moment-là : ${when}.`,
};

const en: ToolReplies = {
  unknownService: (services) => `Unknown service. Services offered: ${services}.`,
  callerNumberUnknown: () => "The caller's number is unknown.",
  noUpcomingForNumber: () => "No upcoming appointment for this phone number.",
  severalAppointments: (list) => `Several appointments, say which one: ${list}.`,
  free: (service, when) => `${service}: ${when} is free.`,
  freeSlotsOnDay: (service, day, times) => `${service}, free slots on ${day}: ${times}.`,
  noSlotOnDay: (day, nearest) => `No free slot on ${day}. Nearest: ${nearest}.`,
  nextSlots: (service, slots) => `${service}, next free slots: ${slots}.`,
  nearestSlots: (slots) => ` Nearest free slots: ${slots}.`,
  none: () => "none",
  phoneNeeded: () => "A phone number is needed.",
  booked: (service, when, name, reference) => `Booked: ${service} on ${when} for ${name} (reference ${reference}).`,
  cancelled: (service, when) => `Cancelled: ${service} on ${when}.`,
  moved: (service, when) => `Moved: ${service} to ${when}.`,
  appointmentGone: () => "That appointment no longer exists.",
  serviceGone: () => "That service is no longer offered.",
  unknownStaff: (said, people) => `Nobody called ${said} on the team. Team: ${people}.`,
  ambiguousStaff: (said, people) => `Several people are called ${said}: ${people}. Say which one.`,
  staffNotForService: (person, service, people) => `${person} doesn't do ${service}. For ${service}: ${people}.`,
  nobodyElse: (service, people) => `Nobody else does ${service}: only ${people}.`,
  personOff: (person, day, back) => `${person} isn't working on ${day}${back ? ` (back on ${back})` : ""}. `,
  usualUnknown: (people) => `No earlier appointment found for this number; ask who: ${people}.`,
  withPerson: (service, person) => `${service} with ${person}`,
  otherFreeThen: (person, when) => ` ${person} is free at that time: ${when}.`,
};

export const TOOL_REPLIES: Record<AgentLocale, ToolReplies> = { fr, en };
