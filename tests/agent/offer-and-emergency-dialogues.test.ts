import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";

/*
 * What the business offers and what it does not: a service it lacks is named
 * and the offer listed, never swapped for another; an emergency gets the
 * region's number (or the tenant's own) and a human at once; service names
 * follow the caller's language. Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("offer-emergency");
});
afterAll(async () => {
  await s?.close();
});

const liamAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Liam Chen", phone: "+14165550144" } });

const notOffered: Dialogue[] = [
  {
    name: "fr a descaling at a medical practice is not swapped for a consultation",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "je voudrais un rendez-vous pour un détartrage",
        reply: "Nous ne proposons pas de détartrage. Nous proposons : Bilan de santé ou Consultation. Laquelle souhaitez-vous ?",
      },
      { say: "ah ok une consultation alors", reply: "Très bien, pour Consultation. Quel jour et à quelle heure ?" },
      { say: "demain 14h", reply: "Mardi 8 janvier à 14h00, c'est disponible." },
      { say: "Inès Morel", reply: "À quel numéro" },
      { say: "079 222 33 11", reply: "Je récapitule : Consultation le mardi 8 janvier à 14h00, au nom de Inès Morel." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 14:00-14:30 booked"], clients: ["Inès Morel +41792223311"] },
  },
  {
    name: "en a manicure asked with a day: the day is kept for the service chosen next",
    tenant: "salon-amel",
    turns: [
      { say: "can i book a manicure tomorrow?", reply: "We don't offer manicure. We offer Colouring or Haircut. Which one would you like?" },
      { say: "haircut then", reply: "On Tuesday, January 8 I can offer 9:00 AM, 9:15 AM or 9:30 AM." },
      { say: "the first", reply: "What name should I put the booking under?" },
      { say: "Mia Lopez", reply: "What phone number" },
      { say: "0661 22 33 44", reply: "To confirm: Haircut on Tuesday, January 8 at 9:00 AM, under the name Mia Lopez." },
      { say: "yes", reply: "You're booked: Haircut on Tuesday, January 8 at 9:00 AM." },
    ],
    outcome: { appointments: ["Coupe 2030-01-08 09:00-09:30 booked"], clients: ["Mia Lopez +213661223344"] },
  },
  {
    name: "en braces are not offered, and nothing is booked",
    tenant: "maple-dental",
    turns: [
      { say: "Do you guys do braces for kids", reply: "We don't offer braces. We offer Checkup (30 min) and Cleaning (45 min). Would you like to book?" },
      { say: "no", reply: "All right. Don't hesitate if you need anything else." },
    ],
    outcome: { appointments: [], clients: [] },
  },
  {
    name: "fr a haircut and a beard: the beard is not offered, the haircut is booked",
    tenant: "salon-amel",
    turns: [
      { say: "une coupe et une barbe svp samedi 10h", reply: "Nous ne proposons pas de barbe. Samedi 12 janvier à 10h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "Karim", reply: "À quel numéro" },
      { say: "0770 12 34 56", reply: "Je récapitule : Coupe le samedi 12 janvier à 10h00, au nom de Karim." },
      { say: "ok", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coupe 2030-01-12 10:00-10:30 booked"], clients: ["Karim +213770123456"] },
  },
  {
    name: "fr a whitening at Maple Dental, in French names",
    tenant: "maple-dental",
    turns: [
      {
        say: "Bonjour je voudrais un blanchiment des dents",
        reply: "Nous ne proposons pas de blanchiment. Nous proposons : Examen de contrôle ou Nettoyage dentaire. Laquelle souhaitez-vous ?",
      },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr a massage said while the name is awaited is refused, the booking goes on",
    tenant: "cabinet-dupont",
    turns: [
      { say: "une consultation vendredi à 9h", reply: "Vendredi 11 janvier à 9h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "finalement plutot un massage", reply: "Nous ne proposons pas de massage. Nous proposons : Bilan de santé ou Consultation. Laquelle souhaitez-vous ?" },
      { say: "bon, je garde la consultation. Hugo Petit", reply: "À quel numéro" },
      { say: "0795556677", reply: "Je récapitule : Consultation le vendredi 11 janvier à 9h00, au nom de Hugo Petit." },
      { say: "oui merci", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-11 09:00-09:30 booked"] },
  },
];

const emergencies: Dialogue[] = [
  {
    name: "fr chest pain on the web chat: 144 and a human, no booking",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "bonjour j'ai une douleur dans la poitrine depuis ce matin, je voudrais voir le docteur aujourd'hui",
        reply: "Si une vie est en danger, appelez immédiatement le 144. Je transmets votre message en urgence à un membre de l'équipe.",
      },
    ],
    outcome: { handoff: true, appointments: [], status: "handed_off" },
  },
  {
    name: "fr on the phone, someone stopped breathing: hang up and call 144, or hold for the team",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791119900",
    turns: [{ say: "mon mari ne respire plus !!", reply: "Si une vie est en danger, raccrochez et appelez immédiatement le 144. Sinon, restez en ligne" }],
    outcome: { handoff: true, transferPhone: "+41225550100", appointments: [] },
  },
  {
    name: "en a knocked-out tooth bleeding a lot: 911",
    tenant: "maple-dental",
    turns: [
      {
        say: "my son knocked out a tooth and its bleeding a lot what do i do",
        reply: "If someone's life is in danger, call 911 right now. I'm passing your message to a member of the team as urgent.",
      },
    ],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "fr at the Algiers salon, someone fainted: the Protection civile number",
    tenant: "salon-amel",
    turns: [{ say: "c'est une urgence, ma fille s'est évanouie au salon", reply: "Si une vie est en danger, appelez immédiatement le 14." }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "fr the practice's own emergency number overrides the region's",
    tenant: "cabinet-dupont",
    setup: [{ profile: { emergencyNumber: "022 555 01 99" } }],
    turns: [{ say: "Urgence ! ma mère fait un AVC je crois", reply: "Si une vie est en danger, appelez immédiatement le 022 555 01 99." }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "en an emergency in the middle of a booking stops it",
    tenant: "maple-dental",
    turns: [
      { say: "checkup tomorrow at 10", reply: "Tuesday, January 8 at 10:00 AM is available. What name should I put the booking under?" },
      { say: "actually I have really bad chest pain right now", reply: "If someone's life is in danger, call 911 right now." },
    ],
    outcome: { handoff: true, appointments: [], clients: [] },
  },
  {
    name: "fr not urgent: a booking like any other",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "ce n'est pas urgent, je voudrais une consultation la semaine prochaine",
        reply: "Le lundi 14 janvier, je peux vous proposer 8h30, 8h45 ou 9h00. Lequel vous convient ?",
      },
    ],
    outcome: { handoff: false, appointments: [] },
  },
  {
    name: "fr an urgent haircut is a booking, not an emergency",
    tenant: "salon-amel",
    turns: [{ say: "j'ai besoin d'une coupe en urgence pour demain", reply: "Le mardi 8 janvier, je peux vous proposer 9h00, 9h15 ou 9h30." }],
    outcome: { handoff: false, appointments: [] },
  },
  {
    name: "en a swollen face at the dental clinic is urgent",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550177",
    turns: [{ say: "hi I need an appointment my face is swollen and it hurts so much", reply: "hang up and call 911 right now" }],
    outcome: { handoff: true, transferPhone: "+14165550100", appointments: [] },
  },
];

const serviceNames: Dialogue[] = [
  {
    name: "en an English caller books a cut and hears Haircut throughout",
    tenant: "salon-amel",
    turns: [
      { say: "hi can i get a cut thursday at 3pm", reply: "Thursday, January 10 at 3:00 PM is available. What name should I put the booking under?" },
      { say: "Sam Lee", reply: "What phone number" },
      { say: "0770 11 22 33", reply: "To confirm: Haircut on Thursday, January 10 at 3:00 PM, under the name Sam Lee. Shall I book it?" },
      { say: "yes", reply: "You're booked: Haircut on Thursday, January 10 at 3:00 PM. See you then!" },
    ],
    outcome: { appointments: ["Coupe 2030-01-10 15:00-15:30 booked"], clients: ["Sam Lee +213770112233"] },
  },
  {
    name: "fr a French caller at the salon hears Coupe",
    tenant: "salon-amel",
    turns: [
      { say: "je veux une coupe jeudi 15h", reply: "Jeudi 10 janvier à 15h00, c'est disponible." },
      { say: "Sofia", reply: "À quel numéro" },
      { say: "0770 11 22 44", reply: "Je récapitule : Coupe le jeudi 10 janvier à 15h00, au nom de Sofia." },
      { say: "oui", reply: "C'est réservé : Coupe le jeudi 10 janvier à 15h00." },
    ],
    outcome: { appointments: ["Coupe 2030-01-10 15:00-15:30 booked"] },
  },
  {
    name: "fr a French caller cancels a Checkup at Maple Dental and hears its French name",
    tenant: "maple-dental",
    channel: "whatsapp",
    callerPhone: "+14165550144",
    setup: [liamAt("Checkup", "2030-01-10 11:00")],
    turns: [
      { say: "Bonjour, je dois annuler mon rendez-vous", reply: "Vous souhaitez annuler votre rendez-vous Examen de contrôle du jeudi 10 janvier à 11h00, c'est bien cela ?" },
      { say: "oui", reply: "C'est fait : votre rendez-vous Examen de contrôle du jeudi 10 janvier à 11h00 est annulé." },
    ],
    outcome: { appointments: ["Checkup 2030-01-10 11:00-11:30 cancelled"] },
  },
  {
    name: "en without an English name, the stored name is used",
    tenant: "salon-amel",
    setup: [{ service: { name: "Coupe", names: {} } }],
    turns: [{ say: "How much is a haircut?", reply: "Coupe costs 1,500 DZD. Would you like to book?" }],
    outcome: { appointments: [] },
  },
  {
    name: "en a health check-up at the Geneva practice, by its English name",
    tenant: "cabinet-dupont",
    turns: [
      { say: "I'd like a health check up please", reply: "Great, Health check-up it is. Which day and time?" },
      { say: "wednesday 9am", reply: "Wednesday, January 9 at 9:00 AM is available." },
      { say: "my name is Anna Keller and my number is 079 888 77 66", reply: "To confirm: Health check-up on Wednesday, January 9 at 9:00 AM, under the name Anna Keller." },
      { say: "yes go ahead", reply: "You're booked: Health check-up on Wednesday, January 9 at 9:00 AM." },
    ],
    outcome: { appointments: ["Bilan de santé 2030-01-09 09:00-10:00 booked"], clients: ["Anna Keller +41798887766"] },
  },
];

describe("services not offered", () => {
  it.each(notOffered.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("emergencies", () => {
  it.each(emergencies.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("service names in the caller's language", () => {
  it.each(serviceNames.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
