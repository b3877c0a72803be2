import type { UnavailableReason } from "@/lib/booking";
import type { AgentLocale } from "./language";

/*
 * Every sentence the receptionist says, in both languages, in one place so a
 * wording change is one edit and a missing translation is a type error.
 * Arguments arrive already formatted (dates, lists) in the reply's language.
 */
export interface Replies {
  greeting(businessName: string, persona: string): string;
  welcomeBack(name: string): string;
  howCanIHelp(): string;
  address(businessName: string, address: string): string;
  noAddress(): string;
  askService(services: string): string;
  unknownService(services: string): string;
  noServices(): string;
  askTime(service: string, nextSlots: string | null): string;
  soonest(service: string, slots: string): string;
  unavailable(reason: UnavailableReason, wanted: string, alternatives: string | null): string;
  proposalsForDay(day: string, slots: string): string;
  dayClosed(day: string, alternatives: string | null): string;
  dayFull(day: string, alternatives: string | null): string;
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
  askNameForLookup(): string;
  noUpcoming(): string;
  whichAppointment(list: string): string;
  confirmCancel(service: string, when: string): string;
  cancelled(service: string, when: string): string;
  cancelDeclined(): string;
  askNewTime(service: string, when: string): string;
  confirmMove(service: string, from: string, to: string): string;
  moved(service: string, to: string): string;
  moveDeclined(): string;
  handoffVoice(): string;
  handoffText(): string;
  handoffAfterConfusion(voice: boolean): string;
  misunderstood(): string;
  notUnderstoodAgain(prompt: string): string;
  thanks(): string;
  goodbye(): string;
  nothingElse(): string;
  closures(list: string): string;
}

const fr: Replies = {
  greeting: (business, persona) => `${business}, bonjour ! Ici ${persona}, comment puis-je vous aider ?`,
  welcomeBack: (name) => `Bonjour ${name}, ravie de vous retrouver !`,
  howCanIHelp: () => "Comment puis-je vous aider ?",
  address: (business, address) => `L'adresse de ${business} : ${address}.`,
  noAddress: () => "Je n'ai pas l'adresse sous la main, je peux vous passer un membre de l'équipe si besoin.",
  askService: (services) => `Avec plaisir. Pour quelle prestation ? Nous proposons : ${services}.`,
  unknownService: (services) => `Je ne trouve pas cette prestation. Nous proposons : ${services}. Laquelle souhaitez-vous ?`,
  noServices: () => "Il n'y a pas de prestation réservable en ligne pour le moment. Je peux vous passer un membre de l'équipe.",
  askTime: (service, next) =>
    next
      ? `Très bien, pour ${service}. Quel jour et à quelle heure ? Les prochains créneaux libres sont ${next}.`
      : `Très bien, pour ${service}. Quel jour et à quelle heure souhaitez-vous venir ?`,
  soonest: (service, slots) => `Pour ${service}, les premiers créneaux libres sont ${slots}. Lequel vous convient ?`,
  unavailable: (reason, wanted, alternatives) => {
    const why =
      reason === "past"
        ? `${wanted}, c'est déjà passé.`
        : reason === "closed"
          ? `Nous sommes fermés le ${wanted}.`
          : `Le ${wanted} est déjà pris.`;
    return alternatives
      ? `${capitalize(why)} Je peux vous proposer ${alternatives}. Lequel préférez-vous ?`
      : `${capitalize(why)} Je n'ai pas de créneau libre à proximité ; quel autre moment vous conviendrait ?`;
  },
  proposalsForDay: (day, slots) => `Le ${day}, je peux vous proposer ${slots}. Lequel vous convient ?`,
  dayClosed: (day, alternatives) =>
    alternatives
      ? `Nous sommes fermés le ${day}. Je peux vous proposer ${alternatives}. Lequel préférez-vous ?`
      : `Nous sommes fermés le ${day}. Quel autre jour vous conviendrait ?`,
  dayFull: (day, alternatives) =>
    alternatives
      ? `Le ${day} est complet. Je peux vous proposer ${alternatives}. Lequel préférez-vous ?`
      : `Le ${day} est complet. Quel autre jour vous conviendrait ?`,
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
  askNameForLookup: () => "Bien sûr. À quel nom est le rendez-vous ?",
  noUpcoming: () => "Je ne trouve aucun rendez-vous à venir à votre nom. Puis-je vous aider autrement ?",
  whichAppointment: (list) => `Vous avez plusieurs rendez-vous : ${list}. Lequel est concerné ?`,
  confirmCancel: (service, when) => `Vous souhaitez annuler votre rendez-vous ${service} du ${when}, c'est bien cela ?`,
  cancelled: (service, when) => `C'est fait : votre rendez-vous ${service} du ${when} est annulé.`,
  cancelDeclined: () => "D'accord, je conserve votre rendez-vous. Puis-je faire autre chose pour vous ?",
  askNewTime: (service, when) =>
    `Votre rendez-vous ${service} est prévu le ${when}. Pour quand souhaitez-vous le déplacer ?`,
  confirmMove: (service, from, to) =>
    `Je déplace votre rendez-vous ${service} du ${from} au ${to}. Je confirme ?`,
  moved: (service, to) => `C'est fait : votre rendez-vous ${service} est maintenant le ${to}.`,
  moveDeclined: () => "D'accord, je ne change rien. Puis-je faire autre chose pour vous ?",
  handoffVoice: () => "Je vous passe un membre de l'équipe, ne quittez pas.",
  handoffText: () => "Je transmets votre demande à un membre de l'équipe, qui vous répondra dès que possible.",
  handoffAfterConfusion: (voice) =>
    voice
      ? "Je ne suis pas sûre de bien comprendre. Je vous passe un membre de l'équipe, ne quittez pas."
      : "Je ne suis pas sûre de bien comprendre. Je transmets votre demande à un membre de l'équipe, qui vous répondra dès que possible.",
  misunderstood: () =>
    "Pardon, je n'ai pas bien compris. Je peux vous renseigner sur nos horaires, notre adresse, ou prendre, déplacer ou annuler un rendez-vous.",
  notUnderstoodAgain: (prompt) => `Pardon, je n'ai pas bien compris. ${prompt}`,
  thanks: () => "Avec plaisir ! Puis-je faire autre chose pour vous ?",
  goodbye: () => "Merci de votre appel, au revoir et à bientôt !",
  nothingElse: () => "Très bien. N'hésitez pas si vous avez besoin d'autre chose.",
  closures: (list) => `Fermeture exceptionnelle : ${list}.`,
};

const en: Replies = {
  greeting: (business, persona) => `${business}, hello! This is ${persona}, how can I help you?`,
  welcomeBack: (name) => `Hello ${name}, nice to hear from you again!`,
  howCanIHelp: () => "How can I help you?",
  address: (business, address) => `${business} is at ${address}.`,
  noAddress: () => "I don't have the address at hand; I can put you through to a member of the team if needed.",
  askService: (services) => `Happy to help. Which service would you like? We offer ${services}.`,
  unknownService: (services) => `I couldn't find that service. We offer ${services}. Which one would you like?`,
  noServices: () => "There is nothing to book online at the moment. I can put you through to a member of the team.",
  askTime: (service, next) =>
    next
      ? `Great, ${service} it is. Which day and time? The next free slots are ${next}.`
      : `Great, ${service} it is. Which day and time would suit you?`,
  soonest: (service, slots) => `For ${service}, the first free slots are ${slots}. Which one suits you?`,
  unavailable: (reason, wanted, alternatives) => {
    const why =
      reason === "past"
        ? `${capitalize(wanted)} has already passed.`
        : reason === "closed"
          ? `We are closed on ${wanted}.`
          : `${capitalize(wanted)} is already taken.`;
    return alternatives
      ? `${why} I can offer ${alternatives}. Which would you prefer?`
      : `${why} I have nothing free nearby; what other time would suit you?`;
  },
  proposalsForDay: (day, slots) => `On ${day} I can offer ${slots}. Which one suits you?`,
  dayClosed: (day, alternatives) =>
    alternatives
      ? `We are closed on ${day}. I can offer ${alternatives}. Which would you prefer?`
      : `We are closed on ${day}. Which other day would suit you?`,
  dayFull: (day, alternatives) =>
    alternatives
      ? `${capitalize(day)} is fully booked. I can offer ${alternatives}. Which would you prefer?`
      : `${capitalize(day)} is fully booked. Which other day would suit you?`,
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
  askNameForLookup: () => "Of course. What name is the appointment under?",
  noUpcoming: () => "I can't find any upcoming appointment under your name. Can I help with anything else?",
  whichAppointment: (list) => `You have several appointments: ${list}. Which one do you mean?`,
  confirmCancel: (service, when) => `You'd like to cancel your ${service} on ${when}, is that right?`,
  cancelled: (service, when) => `Done: your ${service} on ${when} is cancelled.`,
  cancelDeclined: () => "All right, I'll keep your appointment. Anything else I can do for you?",
  askNewTime: (service, when) => `Your ${service} is on ${when}. When would you like to move it to?`,
  confirmMove: (service, from, to) => `I'll move your ${service} from ${from} to ${to}. Shall I confirm?`,
  moved: (service, to) => `Done: your ${service} is now on ${to}.`,
  moveDeclined: () => "All right, I won't change anything. Anything else I can do for you?",
  handoffVoice: () => "I'll put you through to a member of the team, please hold.",
  handoffText: () => "I'm passing your request to a member of the team, who will get back to you as soon as possible.",
  handoffAfterConfusion: (voice) =>
    voice
      ? "I'm not sure I understand. I'll put you through to a member of the team, please hold."
      : "I'm not sure I understand. I'm passing your request to a member of the team, who will get back to you as soon as possible.",
  misunderstood: () =>
    "Sorry, I didn't quite get that. I can tell you our opening hours or address, or book, move or cancel an appointment.",
  notUnderstoodAgain: (prompt) => `Sorry, I didn't quite get that. ${prompt}`,
  thanks: () => "You're welcome! Anything else I can do for you?",
  goodbye: () => "Thank you for calling, goodbye!",
  nothingElse: () => "All right. Don't hesitate if you need anything else.",
  closures: (list) => `Exceptionally closed: ${list}.`,
};

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function repliesFor(locale: AgentLocale): Replies {
  return locale === "fr" ? fr : en;
}
