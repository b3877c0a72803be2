import type { AgentLocale } from "../language";
import { capitalize } from "./phrasing";

/*
 * Booking with a person ("avec Karim", "with Dr Martin"), said only when the
 * tenant has several staff. `other` is someone else free instead: their
 * name, the time, and the day when it is not the day being discussed.
 */
export interface OtherPerson {
  name: string;
  time: string;
  day: string | null;
}

export interface StaffReplies {
  staffAvailable(person: string, when: string): string;
  staffTaken(person: string, when: string, own: string | null, other: OtherPerson | null): string;
  staffDay(person: string, day: string, times: string): string;
  staffDayFull(person: string, day: string, own: string | null, other: OtherPerson | null): string;
  staffSoonest(service: string, person: string, slots: string): string;
  staffAskTime(service: string, person: string, next: string | null): string;
  confirmBookingWith(service: string, when: string, name: string, person: string): string;
  bookedWith(service: string, when: string, person: string): string;
  staffAmbiguous(said: string, people: string): string;
  staffUnknown(said: string, people: string): string;
  staffNotForService(person: string, service: string, people: string): string;
  askStaff(people: string): string;
  /** "The same person as last time" from a caller whose last appointment is not known. */
  staffUsualUnknown(people: string): string;
  /** The person does not work that day (days off, or not their day): their next times, or someone else then. */
  staffOff(person: string, day: string, back: string | null, own: string | null, other: OtherPerson | null): string;
}

const frOther = (o: OtherPerson) => `${o.name} est libre ${o.day ? `le ${o.day} ` : ""}à ${o.time}`;
const enOther = (o: OtherPerson) => `${o.name} is free ${o.day ? `on ${o.day} ` : ""}at ${o.time}`;

function frInstead(person: string, own: string | null, other: OtherPerson | null): string {
  if (own && other) return `${person} peut vous prendre ${own}, ou ${frOther(other)}. Lequel préférez-vous ?`;
  if (own) return `${person} peut vous prendre ${own}. Lequel préférez-vous ?`;
  if (other) return `${capitalize(frOther(other))}. Cela vous convient ?`;
  return "Je n'ai pas de créneau libre à proximité ; quel autre moment vous conviendrait ?";
}

function enInstead(person: string, own: string | null, other: OtherPerson | null): string {
  if (own && other) return `${person} can do ${own}, or ${enOther(other)}. Which would you prefer?`;
  if (own) return `${person} can do ${own}. Which would you prefer?`;
  if (other) return `${capitalize(enOther(other))}. Would that suit you?`;
  return "I have nothing free nearby; what other time would suit you?";
}

const fr: StaffReplies = {
  staffAvailable: (person, when) => `${person} est disponible ${when}.`,
  staffTaken: (person, when, own, other) => `${person} n'est pas disponible ${when}. ${frInstead(person, own, other)}`,
  staffDay: (person, day, times) => `Le ${day}, ${person} est disponible à ${times}. Lequel vous convient ?`,
  staffDayFull: (person, day, own, other) => `${person} n'a plus de place le ${day}. ${frInstead(person, own, other)}`,
  staffSoonest: (service, person, slots) => `Pour ${service}, les premiers créneaux libres de ${person} sont ${slots}. Lequel vous convient ?`,
  staffAskTime: (service, person, next) =>
    next
      ? `Très bien, pour ${service} avec ${person}. Quel jour et à quelle heure ? Les prochains créneaux libres de ${person} sont ${next}.`
      : `Très bien, pour ${service} avec ${person}. Quel jour et à quelle heure souhaitez-vous venir ?`,
  confirmBookingWith: (service, when, name, person) =>
    `Je récapitule : ${service} le ${when} avec ${person}, au nom de ${name}. Je confirme la réservation ?`,
  bookedWith: (service, when, person) => `C'est réservé : ${service} le ${when} avec ${person}. À bientôt !`,
  staffAmbiguous: (said, people) => `Nous avons plusieurs ${said} : ${people}. Avec qui souhaitez-vous prendre rendez-vous ?`,
  staffUnknown: (said, people) =>
    `Il n'y a personne du nom de ${said} chez nous. Vous pouvez prendre rendez-vous avec ${people}, ou avec la première personne disponible. Avec qui souhaitez-vous ?`,
  staffNotForService: (person, service, people) =>
    `${person} ne fait pas ${service}. Pour ${service}, vous pouvez prendre rendez-vous avec ${people}. Avec qui souhaitez-vous ?`,
  askStaff: (people) => `Avec qui souhaitez-vous prendre rendez-vous : ${people}, ou la première personne disponible ?`,
  staffUsualUnknown: (people) =>
    `Je ne retrouve pas votre dernier rendez-vous chez nous. Avec qui souhaitez-vous prendre rendez-vous : ${people}, ou la première personne disponible ?`,
  staffOff: (person, day, back, own, other) =>
    `${person} ne travaille pas le ${day}${back ? ` ; de retour le ${back}` : ""}. ${frInstead(person, own, other)}`,
};

const en: StaffReplies = {
  staffAvailable: (person, when) => `${person} can see you on ${when}.`,
  staffTaken: (person, when, own, other) => `${person} is taken on ${when}. ${enInstead(person, own, other)}`,
  staffDay: (person, day, times) => `On ${day}, ${person} can see you at ${times}. Which one suits you?`,
  staffDayFull: (person, day, own, other) => `${person} is fully booked on ${day}. ${enInstead(person, own, other)}`,
  staffSoonest: (service, person, slots) => `For ${service}, ${person}'s first free slots are ${slots}. Which one suits you?`,
  staffAskTime: (service, person, next) =>
    next
      ? `Great, ${service} with ${person}. Which day and time? ${person}'s next free slots are ${next}.`
      : `Great, ${service} with ${person}. Which day and time would suit you?`,
  confirmBookingWith: (service, when, name, person) => `To confirm: ${service} on ${when} with ${person}, under the name ${name}. Shall I book it?`,
  bookedWith: (service, when, person) => `You're booked: ${service} on ${when} with ${person}. See you then!`,
  staffAmbiguous: (said, people) => `We have more than one ${said}: ${people}. Which one would you like?`,
  staffUnknown: (said, people) => `There's nobody called ${said} here. You can book with ${people}, or with whoever is free first. Who would you like?`,
  staffNotForService: (person, service, people) => `${person} doesn't do ${service}. For ${service} you can book with ${people}. Who would you like?`,
  askStaff: (people) => `Who would you like to see: ${people}, or whoever is free first?`,
  staffUsualUnknown: (people) => `I can't find a previous appointment of yours. Who would you like to see: ${people}, or whoever is free first?`,
  staffOff: (person, day, back, own, other) => `${person} isn't working on ${day}${back ? `; back on ${back}` : ""}. ${enInstead(person, own, other)}`,
};

export const STAFF_REPLIES: Record<AgentLocale, StaffReplies> = { fr, en };
