import type { AgentLocale } from "../language";

/* Cancelling and moving an appointment the caller already has. */
export interface ChangeReplies {
  askNameForLookup(): string;
  noUpcoming(): string;
  appointmentItem(service: string, when: string): string;
  whichAppointment(list: string): string;
  confirmCancel(service: string, when: string): string;
  cancelled(service: string, when: string): string;
  cancelDeclined(): string;
  askNewTime(service: string, when: string): string;
  confirmMove(service: string, from: string, to: string): string;
  moved(service: string, to: string): string;
  /** The move goes to another person than the appointment's own (several staff only). */
  confirmMoveWith(service: string, from: string, to: string, person: string): string;
  movedWith(service: string, to: string, person: string): string;
  moveDeclined(): string;
  yourAppointment(item: string): string;
  yourAppointments(list: string): string;
}

const fr: ChangeReplies = {
  askNameForLookup: () => "Bien sûr. À quel nom est le rendez-vous ?",
  noUpcoming: () => "Je ne trouve aucun rendez-vous à venir à votre nom. Puis-je vous aider autrement ?",
  appointmentItem: (service, when) => `${service} le ${when}`,
  whichAppointment: (list) => `Vous avez plusieurs rendez-vous : ${list}. Lequel est concerné ?`,
  confirmCancel: (service, when) => `Vous souhaitez annuler votre rendez-vous ${service} du ${when}, c'est bien cela ?`,
  cancelled: (service, when) => `C'est fait : votre rendez-vous ${service} du ${when} est annulé.`,
  cancelDeclined: () => "D'accord, je conserve votre rendez-vous. Puis-je faire autre chose pour vous ?",
  askNewTime: (service, when) => `Votre rendez-vous ${service} est prévu le ${when}. Pour quand souhaitez-vous le déplacer ?`,
  confirmMove: (service, from, to) => `Je déplace votre rendez-vous ${service} du ${from} au ${to}. Je confirme ?`,
  moved: (service, to) => `C'est fait : votre rendez-vous ${service} est maintenant le ${to}.`,
  confirmMoveWith: (service, from, to, person) => `Je déplace votre rendez-vous ${service} du ${from} au ${to}, avec ${person}. Je confirme ?`,
  movedWith: (service, to, person) => `C'est fait : votre rendez-vous ${service} est maintenant le ${to} avec ${person}.`,
  moveDeclined: () => "D'accord, je ne change rien. Puis-je faire autre chose pour vous ?",
  yourAppointment: (item) => `Votre prochain rendez-vous : ${item}. Puis-je faire autre chose pour vous ?`,
  yourAppointments: (list) => `Vos prochains rendez-vous : ${list}. Puis-je faire autre chose pour vous ?`,
};

const en: ChangeReplies = {
  askNameForLookup: () => "Of course. What name is the appointment under?",
  noUpcoming: () => "I can't find any upcoming appointment under your name. Can I help with anything else?",
  appointmentItem: (service, when) => `${service} on ${when}`,
  whichAppointment: (list) => `You have several appointments: ${list}. Which one do you mean?`,
  confirmCancel: (service, when) => `You'd like to cancel your ${service} on ${when}, is that right?`,
  cancelled: (service, when) => `Done: your ${service} on ${when} is cancelled.`,
  cancelDeclined: () => "All right, I'll keep your appointment. Anything else I can do for you?",
  askNewTime: (service, when) => `Your ${service} is on ${when}. When would you like to move it to?`,
  confirmMove: (service, from, to) => `I'll move your ${service} from ${from} to ${to}. Shall I confirm?`,
  moved: (service, to) => `Done: your ${service} is now on ${to}.`,
  confirmMoveWith: (service, from, to, person) => `I'll move your ${service} from ${from} to ${to}, with ${person}. Shall I confirm?`,
  movedWith: (service, to, person) => `Done: your ${service} is now on ${to} with ${person}.`,
  moveDeclined: () => "All right, I won't change anything. Anything else I can do for you?",
  yourAppointment: (item) => `Your next appointment: ${item}. Anything else I can do for you?`,
  yourAppointments: (list) => `Your upcoming appointments: ${list}. Anything else I can do for you?`,
};

export const CHANGE_REPLIES: Record<AgentLocale, ChangeReplies> = { fr, en };
