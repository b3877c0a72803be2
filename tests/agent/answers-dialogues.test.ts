import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue } from "./dialogue-runner";

/*
 * Questions answered from the tenant's configuration, as callers ask them:
 * prices, services and durations, open now, hours on a day, address and
 * directions, services not offered, emergencies, service names in the
 * caller's language. Monday 2030-01-07, 08:00 on each tenant's wall clock
 * unless a dialogue says otherwise.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("answers");
});
afterAll(async () => {
  await s?.close();
});

const prices: Dialogue[] = [
  {
    name: "fr price of a consultation, then books it from the offer",
    tenant: "cabinet-dupont",
    turns: [
      { say: "bonjour c combien une consultation ?", reply: "Pour Consultation, le tarif est de 120 CHF. Souhaitez-vous prendre rendez-vous ?" },
      { say: "oui demain a 10h", reply: "Mardi 8 janvier à 10h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "Paul Martin 079 111 22 33", reply: "Je récapitule : Consultation le mardi 8 janvier à 10h00, au nom de Paul Martin." },
      { say: "oui", reply: "C'est réservé : Consultation le mardi 8 janvier à 10h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 10:00-10:30 booked"], clients: ["Paul Martin +41791112233"] },
  },
  {
    name: "en two prices in one question, in the caller's language",
    tenant: "salon-amel",
    turns: [
      { say: "how much for a haircut and a colouring?", reply: /^(Haircut costs 1,500 DZD\. Colouring costs 4,500 DZD|Colouring costs 4,500 DZD\. Haircut costs 1,500 DZD)\. Would you like to book\?$/ },
      { say: "no thanks", reply: "Thank you for calling, goodbye!" },
    ],
    outcome: { appointments: [], clients: [] },
  },
  {
    name: "en the whole price list",
    tenant: "maple-dental",
    turns: [{ say: "what are your prices", reply: "Our prices: Checkup 90 CAD and Cleaning 150 CAD. Would you like to book?" }],
    outcome: { appointments: [] },
  },
  {
    name: "fr a service with no price on file is said to have none",
    tenant: "cabinet-dupont",
    setup: [{ service: { name: "Bilan de santé", priceCents: null } }],
    turns: [
      { say: "Combien coûte un bilan de santé ?", reply: "Je n'ai pas de tarif enregistré pour Bilan de santé ; l'équipe pourra vous le préciser." },
      { say: "et vos tarifs en général ?", reply: "Nos tarifs : Bilan de santé (pas de tarif enregistré) et Consultation 120 CHF." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr a price asked in the middle of a booking is answered and the slots offered again",
    tenant: "salon-amel",
    turns: [
      { say: "je voudrais une couleur samedi", reply: "Le samedi 12 janvier, je peux vous proposer 9h00, 9h15 ou 9h30." },
      { say: "c'est combien deja ?", reply: "Pour Coloration, le tarif est de 4 500 DZD. Lequel de ces créneaux préférez-vous : 9h00, 9h15 ou 9h30 ?" },
      { say: "le premier", reply: "À quel nom dois-je réserver ?" },
      { say: "Nadia Bouzid", reply: "À quel numéro de téléphone" },
      { say: "0555 12 34 56", reply: "Je récapitule : Coloration le samedi 12 janvier à 9h00, au nom de Nadia Bouzid." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coloration 2030-01-12 09:00-10:30 booked"], clients: ["Nadia Bouzid +213555123456"] },
  },
  {
    name: "en price of a cleaning, then yes with a day part",
    tenant: "maple-dental",
    turns: [
      { say: "hi how much is a cleaning", reply: "Cleaning costs 150 CAD. Would you like to book?" },
      { say: "yes please, tomorrow morning", reply: "On Tuesday, January 8 I can offer 9:00 AM, 9:15 AM or 9:30 AM." },
      { say: "9:30", reply: "What name should I put the booking under?" },
      { say: "Omar Haddad, 416 555 0123", reply: "To confirm: Cleaning on Tuesday, January 8 at 9:30 AM, under the name Omar Haddad. Shall I book it?" },
      { say: "yep", reply: "You're booked: Cleaning on Tuesday, January 8 at 9:30 AM." },
    ],
    outcome: { appointments: ["Cleaning 2030-01-08 09:30-10:15 booked"], clients: ["Omar Haddad +14165550123"] },
  },
  {
    name: "fr a French caller at Maple Dental hears the price under the French name",
    tenant: "maple-dental",
    turns: [{ say: "Bonjour, combien coûte un nettoyage ?", reply: "Pour Nettoyage dentaire, le tarif est de 150 CAD. Souhaitez-vous prendre rendez-vous ?" }],
    outcome: { appointments: [] },
  },
];

const services: Dialogue[] = [
  {
    name: "fr the services with their durations, then a booking from the offer",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Quels sont vos services ?", reply: "Nous proposons : Bilan de santé (1 h) et Consultation (30 min). Souhaitez-vous prendre rendez-vous ?" },
      { say: "oui", reply: "Avec plaisir. Pour quelle prestation ? Nous proposons : Bilan de santé ou Consultation." },
      { say: "une consult", reply: "Très bien, pour Consultation. Quel jour et à quelle heure ?" },
      { say: "jeudi 11h", reply: "Jeudi 10 janvier à 11h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "Julie Favre, +41 79 444 55 66", reply: "Je récapitule : Consultation le jeudi 10 janvier à 11h00, au nom de Julie Favre." },
      { say: "c'est parfait", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 11:00-11:30 booked"], clients: ["Julie Favre +41794445566"] },
  },
  {
    name: "en what the salon offers, in English names",
    tenant: "salon-amel",
    turns: [{ say: "What do you offer?", reply: "We offer Colouring (1 hr 30 min) and Haircut (30 min). Would you like to book?" }],
    outcome: { appointments: [] },
  },
  {
    name: "en a service the clinic does not offer, then one it does",
    tenant: "maple-dental",
    turns: [
      { say: "do you do teeth whitening?", reply: "We don't offer teeth whitening. We offer Checkup (30 min) and Cleaning (45 min). Would you like to book?" },
      { say: "ok a cleaning then, friday 2pm", reply: "Friday, January 11 at 2:00 PM is available. What name should I put the booking under?" },
      { say: "Chris Wong", reply: "What phone number can we reach you on?" },
      { say: "647-555-0188", reply: "To confirm: Cleaning on Friday, January 11 at 2:00 PM, under the name Chris Wong." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Cleaning 2030-01-11 14:00-14:45 booked"], clients: ["Chris Wong +16475550188"] },
  },
  {
    name: "fr does the salon do colourings: yes, then no thanks",
    tenant: "salon-amel",
    turns: [
      { say: "vous faites les colorations ?", reply: "Oui, nous proposons Coloration (1 h 30). Souhaitez-vous prendre rendez-vous ?" },
      { say: "non merci", reply: "Merci de votre appel, au revoir et à bientôt !" },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en an English caller at the Geneva practice hears English service names",
    tenant: "cabinet-dupont",
    turns: [{ say: "hello, what services do you have?", reply: "We offer Health check-up (1 hr) and Consultation (30 min). Would you like to book?" }],
    outcome: { appointments: [] },
  },
  {
    name: "en how long a colouring takes",
    tenant: "salon-amel",
    turns: [{ say: "how long does a colouring take?", reply: "Colouring takes 1 hr 30 min. Would you like to book?" }],
    outcome: { appointments: [] },
  },
];

const openNow: Dialogue[] = [
  {
    name: "fr open right now, until the lunch break",
    tenant: "cabinet-dupont",
    at: "2030-01-07 10:15",
    turns: [{ say: "vous êtes ouverts là ?", reply: "Oui, nous sommes ouverts en ce moment, jusqu'à 12h00." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr closed for lunch, open again this afternoon",
    tenant: "cabinet-dupont",
    at: "2030-01-07 12:40",
    turns: [{ say: "c'est ouvert maintenant?", reply: "Non, nous sommes fermés en ce moment. Nous rouvrons aujourd'hui à 13h30." }],
    outcome: { appointments: [] },
  },
  {
    name: "en the salon is closed on Mondays, open again tomorrow",
    tenant: "salon-amel",
    at: "2030-01-07 10:00",
    turns: [{ say: "are you open right now?", reply: "No, we're closed right now. We open again tomorrow at 9:00 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "en Saturday at the dental clinic: open again on Monday",
    tenant: "maple-dental",
    at: "2030-01-12 11:00",
    turns: [{ say: "r u open now", reply: "No, we're closed right now. We open again on Monday, January 14 at 9:00 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr open today? not during a closure",
    tenant: "cabinet-dupont",
    at: "2030-01-07 10:00",
    setup: [{ closure: { from: "2030-01-07", to: "2030-01-07", reason: "Formation" } }],
    turns: [
      { say: "Bonjour, vous êtes ouverts aujourd'hui ?", reply: "Le lundi 7 janvier, nous sommes fermés." },
      { say: "et là maintenant ?", reply: "Non, nous sommes fermés en ce moment. Nous rouvrons demain à 8h30." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en still open late on Friday",
    tenant: "maple-dental",
    at: "2030-01-11 16:45",
    turns: [{ say: "are you still open?", reply: "Yes, we're open right now, until 5:00 PM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr hours on Saturday",
    tenant: "salon-amel",
    turns: [{ say: "vous etes ouverts samedi ?", reply: "Le samedi 12 janvier, nous sommes ouverts de 9h00 à 19h00." }],
    outcome: { appointments: [] },
  },
  {
    name: "en when the practice closes today",
    tenant: "cabinet-dupont",
    turns: [{ say: "What time do you close today?", reply: "On Monday, January 7 we are open 8:30 AM–12:00 PM and 1:30 PM–6:00 PM." }],
    outcome: { appointments: [] },
  },
];

const whereabouts: Dialogue[] = [
  {
    name: "fr how to get there: address and the practice's own directions",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "comment on vient chez vous ?",
        reply: "L'adresse de Cabinet Dr Dupont : Rue du Rhône 42, 1204 Genève. Tram 12 ou 17, arrêt Molard. Le cabinet est au 2e étage, ascenseur à droite de l'entrée.",
      },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en directions to the clinic",
    tenant: "maple-dental",
    turns: [
      {
        say: "how do I get there from union station?",
        reply: "Maple Dental is at 200 King St W, Toronto, ON M5H 3T4. St Andrew subway station, then a two-minute walk west on King Street. We are on the 4th floor.",
      },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en where the salon is",
    tenant: "salon-amel",
    turns: [{ say: "where r u located??", reply: /^Salon Amel is at 12 rue Didouche Mourad, Alger\.$/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr no directions on file: the address only, nothing invented",
    tenant: "cabinet-dupont",
    setup: [{ profile: { directions: "" } }],
    turns: [{ say: "un itinéraire pour venir ?", reply: /^L'adresse de Cabinet Dr Dupont : Rue du Rhône 42, 1204 Genève\.$/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en the address asked mid-booking, then the booking goes on",
    tenant: "maple-dental",
    turns: [
      { say: "I need a checkup on thursday", reply: "On Thursday, January 10 I can offer 9:00 AM, 9:15 AM or 9:30 AM." },
      { say: "wait where are you exactly?", reply: /^Maple Dental is at 200 King St W, Toronto, ON M5H 3T4\. Which of these would you prefer: 9:00 AM, 9:15 AM or 9:30 AM\?$/ },
      { say: "10:15 works better", reply: "Thursday, January 10 at 10:15 AM is available. What name should I put the booking under?" },
      { say: "Priya Shah", reply: "What phone number" },
      { say: "416 555 0166", reply: "To confirm: Checkup on Thursday, January 10 at 10:15 AM, under the name Priya Shah." },
      { say: "sounds good", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-10 10:15-10:45 booked"] },
  },
];

describe("prices", () => {
  it.each(prices.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("services and durations", () => {
  it.each(services.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("open now and hours on a day", () => {
  it.each(openNow.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("address and directions", () => {
  it.each(whereabouts.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
