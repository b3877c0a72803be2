import { slotRefusal, type UnavailableReason } from "@/lib/booking";
import type { AgentLocale } from "../language";
import { capitalize, frenchDe } from "./phrasing";

/* The booking conversation: service, time, name, phone, confirmation. */
export interface BookingReplies {
  askService(services: string): string;
  unknownService(services: string): string;
  notOfferedAskService(thing: string, services: string): string;
  /** Said before going on with the service that is offered. */
  alsoNotOffered(thing: string): string;
  noServices(): string;
  askTime(service: string, nextSlots: string | null): string;
  soonest(service: string, slots: string): string;
  unavailable(reason: UnavailableReason, wanted: string, alternatives: string | null): string;
  proposalsForDay(day: string, slots: string): string;
  dayClosed(day: string, alternatives: string | null): string;
  dayFull(day: string, alternatives: string | null): string;
  /** "le 5" said on the 7th: which 5th is meant now. */
  passedDayOfMonth(passed: string, chosen: string): string;
  /** "lundi 15" when the 15th is a Tuesday. */
  weekdayMismatch(date: string, actualWeekday: string, saidWeekday: string, options: string[]): string;
  whichDate(options: string[]): string;
  available(when: string): string;
  askName(): string;
  badName(): string;
  askPhone(): string;
  badPhone(): string;
  confirmBooking(service: string, when: string, name: string): string;
  booked(service: string, when: string): string;
  bookingDeclined(): string;
  askAnotherTime(): string;
  whichProposal(slots: string): string;
  slotJustTaken(alternatives: string | null): string;
}


const fr: BookingReplies = {
  askService: (services) => `Avec plaisir. Pour quelle prestation ? Nous proposons : ${services}.`,
  unknownService: (services) => `Je ne trouve pas cette prestation. Nous proposons : ${services}. Laquelle souhaitez-vous ?`,
  notOfferedAskService: (thing, services) => `Nous ne proposons pas ${frenchDe(thing)}. Nous proposons : ${services}. Laquelle souhaitez-vous ?`,
  alsoNotOffered: (thing) => `Nous ne proposons pas ${frenchDe(thing)}.`,
  noServices: () => "Il n'y a pas de prestation réservable en ligne pour le moment. Je peux vous passer un membre de l'équipe.",
  askTime: (service, next) =>
    next
      ? `Très bien, pour ${service}. Quel jour et à quelle heure ? Les prochains créneaux libres sont ${next}.`
      : `Très bien, pour ${service}. Quel jour et à quelle heure souhaitez-vous venir ?`,
  soonest: (service, slots) => `Pour ${service}, les premiers créneaux libres sont ${slots}. Lequel vous convient ?`,
  unavailable: (reason, wanted, alternatives) =>
    alternatives
      ? `${slotRefusal(reason, wanted, "fr")} Je peux vous proposer ${alternatives}. Lequel préférez-vous ?`
      : `${slotRefusal(reason, wanted, "fr")} Je n'ai pas de créneau libre à proximité ; quel autre moment vous conviendrait ?`,
  proposalsForDay: (day, slots) => `Le ${day}, je peux vous proposer ${slots}. Lequel vous convient ?`,
  dayClosed: (day, alternatives) =>
    alternatives
      ? `Nous sommes fermés le ${day}. Je peux vous proposer ${alternatives}. Lequel préférez-vous ?`
      : `Nous sommes fermés le ${day}. Quel autre jour vous conviendrait ?`,
  dayFull: (day, alternatives) =>
    alternatives
      ? `Le ${day} est complet. Je peux vous proposer ${alternatives}. Lequel préférez-vous ?`
      : `Le ${day} est complet. Quel autre jour vous conviendrait ?`,
  passedDayOfMonth: (passed, chosen) => `Le ${passed} est déjà passé ; je regarde donc le ${chosen}.`,
  weekdayMismatch: (date, actual, said, options) =>
    `Le ${date} est un ${actual}, pas un ${said}. Vous voulez dire ${options.map((o) => `le ${o}`).join(" ou ")} ?`,
  whichDate: (options) => `Quel jour préférez-vous : ${options.map((o) => `le ${o}`).join(" ou ")} ?`,
  available: (when) => `${capitalize(when)}, c'est disponible.`,
  askName: () => "À quel nom dois-je réserver ?",
  badName: () => "Pouvez-vous me redonner votre nom ?",
  askPhone: () => "À quel numéro de téléphone peut-on vous joindre ?",
  badPhone: () => "Pouvez-vous me redonner votre numéro de téléphone, chiffre par chiffre ?",
  confirmBooking: (service, when, name) =>
    `Je récapitule : ${service} le ${when}, au nom de ${name}. Je confirme la réservation ?`,
  booked: (service, when) => `C'est réservé : ${service} le ${when}. À bientôt !`,
  bookingDeclined: () => "Très bien, je n'ai rien réservé. Souhaitez-vous un autre horaire ?",
  askAnotherTime: () => "D'accord. Quel autre jour ou quelle autre heure vous conviendrait ?",
  whichProposal: (slots) => `Lequel de ces créneaux préférez-vous : ${slots} ?`,
  slotJustTaken: (alternatives) =>
    alternatives
      ? `Désolée, ce créneau vient d'être pris. Je peux vous proposer ${alternatives}. Lequel préférez-vous ?`
      : "Désolée, ce créneau vient d'être pris. Quel autre moment vous conviendrait ?",
};

const en: BookingReplies = {
  askService: (services) => `Happy to help. Which service would you like? We offer ${services}.`,
  unknownService: (services) => `I couldn't find that service. We offer ${services}. Which one would you like?`,
  notOfferedAskService: (thing, services) => `We don't offer ${thing}. We offer ${services}. Which one would you like?`,
  alsoNotOffered: (thing) => `We don't offer ${thing}.`,
  noServices: () => "There is nothing to book online at the moment. I can put you through to a member of the team.",
  askTime: (service, next) =>
    next
      ? `Great, ${service} it is. Which day and time? The next free slots are ${next}.`
      : `Great, ${service} it is. Which day and time would suit you?`,
  soonest: (service, slots) => `For ${service}, the first free slots are ${slots}. Which one suits you?`,
  unavailable: (reason, wanted, alternatives) =>
    alternatives
      ? `${slotRefusal(reason, wanted, "en")} I can offer ${alternatives}. Which would you prefer?`
      : `${slotRefusal(reason, wanted, "en")} I have nothing free nearby; what other time would suit you?`,
  proposalsForDay: (day, slots) => `On ${day} I can offer ${slots}. Which one suits you?`,
  dayClosed: (day, alternatives) =>
    alternatives
      ? `We are closed on ${day}. I can offer ${alternatives}. Which would you prefer?`
      : `We are closed on ${day}. Which other day would suit you?`,
  dayFull: (day, alternatives) =>
    alternatives
      ? `${capitalize(day)} is fully booked. I can offer ${alternatives}. Which would you prefer?`
      : `${capitalize(day)} is fully booked. Which other day would suit you?`,
  passedDayOfMonth: (passed, chosen) => `${capitalize(passed)} has already passed, so I'm looking at ${chosen}.`,
  weekdayMismatch: (date, actual, said, options) => `${capitalize(date)} is a ${actual}, not a ${said}. Do you mean ${options.join(" or ")}?`,
  whichDate: (options) => `Which day would you prefer: ${options.join(" or ")}?`,
  available: (when) => `${capitalize(when)} is available.`,
  askName: () => "What name should I put the booking under?",
  badName: () => "Could you give me your name again?",
  askPhone: () => "What phone number can we reach you on?",
  badPhone: () => "Could you give me your phone number again, digit by digit?",
  confirmBooking: (service, when, name) => `To confirm: ${service} on ${when}, under the name ${name}. Shall I book it?`,
  booked: (service, when) => `You're booked: ${service} on ${when}. See you then!`,
  bookingDeclined: () => "All right, I haven't booked anything. Would you like another time?",
  askAnotherTime: () => "Sure. Which other day or time would suit you?",
  whichProposal: (slots) => `Which of these would you prefer: ${slots}?`,
  slotJustTaken: (alternatives) =>
    alternatives
      ? `Sorry, that slot has just been taken. I can offer ${alternatives}. Which would you prefer?`
      : "Sorry, that slot has just been taken. What other time would suit you?",
};

export const BOOKING_REPLIES: Record<AgentLocale, BookingReplies> = { fr, en };
