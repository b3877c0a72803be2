import type { AgentLocale } from "../language";
import { frenchDe } from "./phrasing";

/*
 * Answers from the tenant's configuration: address, hours, services, prices.
 * Arguments arrive formatted in the reply's language; nothing here invents a
 * fact, it only phrases the ones given.
 */
export interface InformationReplies {
  address(businessName: string, address: string): string;
  noAddress(): string;
  closures(list: string): string;
  openNow(until: string): string;
  closedNow(reopening: string | null): string;
  openOnDay(day: string, intervals: string): string;
  closedOnDay(day: string): string;
  servicesOffered(list: string): string;
  serviceOffered(item: string): string;
  noServicesOffered(): string;
  /** A service we do not offer, named when the caller's word is known. */
  notOffered(thing: string | null, list: string): string;
  price(service: string, price: string): string;
  noPrice(service: string): string;
  priceList(items: string): string;
  /** Inside a price list, for a service with no price. */
  noPriceEntry(): string;
  duration(service: string, duration: string): string;
  offerToBook(): string;
}


const fr: InformationReplies = {
  address: (business, address) => `L'adresse de ${business} : ${address}.`,
  noAddress: () => "Je n'ai pas l'adresse sous la main, je peux vous passer un membre de l'équipe si besoin.",
  closures: (list) => `Fermeture exceptionnelle : ${list}.`,
  openNow: (until) => `Oui, nous sommes ouverts en ce moment, jusqu'à ${until}.`,
  closedNow: (reopening) =>
    reopening ? `Non, nous sommes fermés en ce moment. Nous rouvrons ${reopening}.` : "Non, nous sommes fermés en ce moment.",
  openOnDay: (day, intervals) => `Le ${day}, nous sommes ouverts ${intervals}.`,
  closedOnDay: (day) => `Le ${day}, nous sommes fermés.`,
  servicesOffered: (list) => `Nous proposons : ${list}.`,
  serviceOffered: (item) => `Oui, nous proposons ${item}.`,
  noServicesOffered: () => "Nous n'avons pas de prestation enregistrée pour le moment ; un membre de l'équipe pourra vous renseigner.",
  notOffered: (thing, list) =>
    thing ? `Nous ne proposons pas ${frenchDe(thing)}. Nous proposons : ${list}.` : `Je ne trouve pas cette prestation chez nous. Nous proposons : ${list}.`,
  price: (service, price) => `Pour ${service}, le tarif est de ${price}.`,
  noPrice: (service) => `Je n'ai pas de tarif enregistré pour ${service} ; l'équipe pourra vous le préciser.`,
  priceList: (items) => `Nos tarifs : ${items}.`,
  noPriceEntry: () => "pas de tarif enregistré",
  duration: (service, duration) => `Pour ${service}, comptez ${duration}.`,
  offerToBook: () => "Souhaitez-vous prendre rendez-vous ?",
};

const en: InformationReplies = {
  address: (business, address) => `${business} is at ${address}.`,
  noAddress: () => "I don't have the address at hand; I can put you through to a member of the team if needed.",
  closures: (list) => `Exceptionally closed: ${list}.`,
  openNow: (until) => `Yes, we're open right now, until ${until}.`,
  closedNow: (reopening) => (reopening ? `No, we're closed right now. We open again ${reopening}.` : "No, we're closed right now."),
  openOnDay: (day, intervals) => `On ${day} we are open ${intervals}.`,
  closedOnDay: (day) => `We are closed on ${day}.`,
  servicesOffered: (list) => `We offer ${list}.`,
  serviceOffered: (item) => `Yes, we offer ${item}.`,
  noServicesOffered: () => "We have no services on file at the moment; a member of the team can tell you more.",
  notOffered: (thing, list) => (thing ? `We don't offer ${thing}. We offer ${list}.` : `I couldn't find that service. We offer ${list}.`),
  price: (service, price) => `${service} costs ${price}.`,
  noPrice: (service) => `I don't have a price on file for ${service}; the team can tell you.`,
  priceList: (items) => `Our prices: ${items}.`,
  noPriceEntry: () => "no price on file",
  duration: (service, duration) => `${service} takes ${duration}.`,
  offerToBook: () => "Would you like to book?",
};

export const INFORMATION_REPLIES: Record<AgentLocale, InformationReplies> = { fr, en };
