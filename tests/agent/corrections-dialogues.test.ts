import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";

/*
 * Callers who change their mind: time, day or service corrected at any step,
 * checked again and read back again before anything is booked; and names
 * never taken from a message that corrects, gives a time or answers yes/no.
 * Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("corrections");
});
afterAll(async () => {
  await s?.close();
});

const marie = { client: { name: "Marie Curie", phone: "+41791234567" } } satisfies Fixture;
const other = (service: string, at: string, phone: string): Fixture => ({ appointment: { service, at, name: "Fixture", phone } });

const corrections: Dialogue[] = [
  {
    name: "fr known caller: 'non plutot a 15h' at the read-back is read back again",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [marie],
    turns: [
      { say: "une consultation mercredi 10h", reply: "Je récapitule : Consultation le mercredi 9 janvier à 10h00, au nom de Marie Curie." },
      { say: "non plutot a 15h", reply: "C'est noté. Je récapitule : Consultation le mercredi 9 janvier à 15h00, au nom de Marie Curie. Je confirme la réservation ?" },
      { say: "oui", reply: "C'est réservé : Consultation le mercredi 9 janvier à 15h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-09 15:00-15:30 booked"] },
  },
  {
    name: "en 'actually make it thursday' keeps the time on the new day",
    tenant: "maple-dental",
    turns: [
      { say: "book a cleaning tuesday 11am", reply: "Tuesday, January 8 at 11:00 AM is available. What name should I put the booking under?" },
      { say: "Ben Ortiz", reply: "What phone number" },
      { say: "416 555 0101", reply: "To confirm: Cleaning on Tuesday, January 8 at 11:00 AM, under the name Ben Ortiz." },
      { say: "actually make it thursday", reply: "Got it. To confirm: Cleaning on Thursday, January 10 at 11:00 AM, under the name Ben Ortiz. Shall I book it?" },
      { say: "yes", reply: "You're booked: Cleaning on Thursday, January 10 at 11:00 AM." },
    ],
    outcome: { appointments: ["Cleaning 2030-01-10 11:00-11:45 booked"], clients: ["Ben Ortiz +14165550101"] },
  },
  {
    name: "fr 'finalement une coloration' at the read-back changes the service at the same time",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "whatsapp:+213551234500",
    client: { phone: "+213551234500", name: "Yasmine" },
    turns: [
      { say: "coupe samedi 11h stp", reply: "Je récapitule : Coupe le samedi 12 janvier à 11h00, au nom de Yasmine." },
      { say: "finalement une coloration", reply: "C'est noté. Je récapitule : Coloration le samedi 12 janvier à 11h00, au nom de Yasmine. Je confirme la réservation ?" },
      { say: "oui", reply: "C'est réservé : Coloration le samedi 12 janvier à 11h00." },
    ],
    outcome: { appointments: ["Coloration 2030-01-12 11:00-12:30 booked"], clients: ["Yasmine +213551234500"] },
  },
  {
    name: "en a new time while the name is awaited",
    tenant: "maple-dental",
    turns: [
      { say: "checkup friday at 10", reply: "Friday, January 11 at 10:00 AM is available. What name" },
      { say: "wait, can we do 2pm instead", reply: "Got it. Friday, January 11 at 2:00 PM is available. What name should I put the booking under?" },
      { say: "Jo Park", reply: "What phone number" },
      { say: "6475550111", reply: "To confirm: Checkup on Friday, January 11 at 2:00 PM, under the name Jo Park." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-11 14:00-14:30 booked"], clients: ["Jo Park +16475550111"] },
  },
  {
    name: "fr a new day while the phone is awaited",
    tenant: "cabinet-dupont",
    turns: [
      { say: "un bilan mardi 10h", reply: "Mardi 8 janvier à 10h00, c'est disponible. À quel nom" },
      { say: "Lucie Roy", reply: "À quel numéro" },
      { say: "ah non attendez, mercredi plutôt", reply: "C'est noté. Mercredi 9 janvier à 10h00, c'est disponible. À quel numéro de téléphone peut-on vous joindre ?" },
      { say: "079 321 45 67", reply: "Je récapitule : Bilan de santé le mercredi 9 janvier à 10h00, au nom de Lucie Roy." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Bilan de santé 2030-01-09 10:00-11:00 booked"], clients: ["Lucie Roy +41793214567"] },
  },
  {
    name: "en another service while slots are offered",
    tenant: "salon-amel",
    turns: [
      { say: "haircut tomorrow", reply: "On Tuesday, January 8 I can offer 9:00 AM, 9:15 AM or 9:30 AM." },
      { say: "actually a colouring not a haircut", reply: "Great, Colouring it is. Which day and time? The next free slots are Tuesday, January 8 at 9:00 AM, 9:15 AM or 9:30 AM." },
      { say: "the second one", reply: "What name" },
      { say: "Leila", reply: "What phone number" },
      { say: "0550 98 76 54", reply: "To confirm: Colouring on Tuesday, January 8 at 9:15 AM, under the name Leila." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Coloration 2030-01-08 09:15-10:45 booked"] },
  },
  {
    name: "en a corrected time that is taken gets alternatives, never a double booking",
    tenant: "maple-dental",
    setup: [other("Checkup", "2030-01-08 11:00", "+14165550900")],
    turns: [
      { say: "cleaning tuesday 10am", reply: "Tuesday, January 8 at 10:00 AM is available. What name" },
      { say: "Kim Lee 416 555 0122", reply: "To confirm: Cleaning on Tuesday, January 8 at 10:00 AM, under the name Kim Lee." },
      { say: "no, rather 11", reply: /^Got it\. Tuesday, January 8 at 11:00 AM is already booked\. I can offer Tuesday, January 8 at .+\. Which would you prefer\?$/ },
      { say: "the first one", reply: /^To confirm: Cleaning on Tuesday, January 8 at .+, under the name Kim Lee\. Shall I book it\?$/ },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: {
      appointments: ["Cleaning 2030-01-08 10:15-11:00 booked", "Checkup 2030-01-08 11:00-11:30 booked"],
      clients: ["Fixture +14165550900", "Kim Lee +14165550122"],
    },
  },
  {
    name: "fr a corrected time on a closed day, then back to the first one",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [marie],
    turns: [
      { say: "consultation mardi 10h", reply: "Je récapitule : Consultation le mardi 8 janvier à 10h00, au nom de Marie Curie." },
      { say: "plutot samedi 15h", reply: "C'est noté. Nous sommes fermés le samedi 12 janvier à 15h00. Je peux vous proposer" },
      { say: "non", reply: "D'accord. Quel autre jour ou quelle autre heure vous conviendrait ?" },
      { say: "bon alors mardi 10h comme prévu", reply: "Je récapitule : Consultation le mardi 8 janvier à 10h00, au nom de Marie Curie." },
      { say: "oui oui", reply: "C'est réservé : Consultation le mardi 8 janvier à 10h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 10:00-10:30 booked"] },
  },
  {
    name: "fr a day taken back in the same message",
    tenant: "cabinet-dupont",
    turns: [{ say: "Bonjour je voudrais un bilan mardi 10h. Ah non pardon plutot mercredi", reply: "Mercredi 9 janvier à 10h00, c'est disponible. À quel nom" }],
    outcome: { appointments: [] },
  },
  {
    name: "en a time taken back in the same message",
    tenant: "maple-dental",
    turns: [{ say: "Can I get a cleaning tomorrow at 9, sorry I mean 10", reply: "Tuesday, January 8 at 10:00 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr a service taken back in the same message",
    tenant: "salon-amel",
    turns: [{ say: "une coupe, ah non plutôt une couleur, samedi matin", reply: "Le samedi 12 janvier, je peux vous proposer 9h00, 9h15 ou 9h30." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr the afternoon instead, on the day already chosen",
    tenant: "cabinet-dupont",
    turns: [
      { say: "bilan lundi", reply: "Le lundi 14 janvier, je peux vous proposer 8h30, 8h45 ou 9h00." },
      { say: "euh plutot l'aprem", reply: "Le lundi 14 janvier, je peux vous proposer 13h30, 13h45 ou 14h00." },
      { say: "14h", reply: "À quel nom" },
      { say: "Tom Girard", reply: "À quel numéro" },
      { say: "+41 78 123 45 67", reply: "Je récapitule : Bilan de santé le lundi 14 janvier à 14h00, au nom de Tom Girard." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Bilan de santé 2030-01-14 14:00-15:00 booked"] },
  },
  {
    name: "en 'yes but make it 4:30' is a change, not a yes",
    tenant: "maple-dental",
    turns: [
      { say: "checkup wednesday 3pm", reply: "Wednesday, January 9 at 3:00 PM is available." },
      { say: "Sara Cohen, 416-555-0144", reply: "To confirm: Checkup on Wednesday, January 9 at 3:00 PM, under the name Sara Cohen." },
      { say: "yes but make it 4:30", reply: "Got it. To confirm: Checkup on Wednesday, January 9 at 4:30 PM, under the name Sara Cohen. Shall I book it?" },
      { say: "yes", reply: "You're booked: Checkup on Wednesday, January 9 at 4:30 PM." },
    ],
    outcome: { appointments: ["Checkup 2030-01-09 16:30-17:00 booked"] },
  },
  {
    name: "fr a move corrected at its read-back",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [{ appointment: { service: "Consultation", at: "2030-01-08 10:00", name: "Marie Curie", phone: "+41791234567" } }],
    turns: [
      { say: "je voudrais déplacer mon rdv à jeudi 14h", reply: "Je déplace votre rendez-vous Consultation du mardi 8 janvier à 10h00 au jeudi 10 janvier à 14h00. Je confirme ?" },
      { say: "non plutôt vendredi", reply: "C'est noté. Je déplace votre rendez-vous Consultation du mardi 8 janvier à 10h00 au vendredi 11 janvier à 14h00. Je confirme ?" },
      { say: "oui", reply: "C'est fait : votre rendez-vous Consultation est maintenant le vendredi 11 janvier à 14h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-11 14:00-14:30 booked"] },
  },
  {
    name: "fr a no at the read-back, then another day and a pick",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "+213551112299",
    client: { phone: "+213551112299", name: "Rym" },
    turns: [
      { say: "coupe mardi 14h", reply: "Je récapitule : Coupe le mardi 8 janvier à 14h00, au nom de Rym." },
      { say: "non", reply: "Très bien, je n'ai rien réservé. Souhaitez-vous un autre horaire ?" },
      { say: "jeudi alors", reply: "Le jeudi 10 janvier, je peux vous proposer 9h00, 9h15 ou 9h30." },
      { say: "le 2e", reply: "Je récapitule : Coupe le jeudi 10 janvier à 9h15, au nom de Rym." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coupe 2030-01-10 09:15-09:45 booked"] },
  },
];

const names: Dialogue[] = [
  {
    name: "fr 'oui c'est bon' at the name question is not a name",
    tenant: "cabinet-dupont",
    turns: [
      { say: "consultation jeudi 9h", reply: "À quel nom dois-je réserver ?" },
      { say: "oui c'est bon", reply: "Pardon, je n'ai pas bien compris. Pouvez-vous me redonner votre nom ?" },
      { say: "Hélène Garnier", reply: "À quel numéro" },
      { say: "079 654 32 10", reply: "Je récapitule : Consultation le jeudi 10 janvier à 9h00, au nom de Hélène Garnier." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 09:00-09:30 booked"], clients: ["Hélène Garnier +41796543210"] },
  },
  {
    name: "en 'yes' at the name question is not a name",
    tenant: "maple-dental",
    turns: [
      { say: "exam tomorrow 1pm", reply: "What name should I put the booking under?" },
      { say: "yes", reply: "Sorry, I didn't quite get that. Could you give me your name again?" },
      { say: "Tom Baker", reply: "What phone number" },
      { say: "416 555 0155", reply: "To confirm: Checkup on Tuesday, January 8 at 1:00 PM, under the name Tom Baker." },
      { say: "ok", reply: "You're booked" },
    ],
    outcome: { clients: ["Tom Baker +14165550155"], appointments: ["Checkup 2030-01-08 13:00-13:30 booked"] },
  },
  {
    name: "fr 'non plutôt 16h' at the name question changes the time and is not a name",
    tenant: "cabinet-dupont",
    turns: [
      { say: "une consultation demain 10h", reply: "À quel nom dois-je réserver ?" },
      { say: "non plutôt 16h", reply: "C'est noté. Mardi 8 janvier à 16h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "Léo Marchand", reply: "À quel numéro" },
      { say: "079 777 66 55", reply: "Je récapitule : Consultation le mardi 8 janvier à 16h00, au nom de Léo Marchand." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { clients: ["Léo Marchand +41797776655"], appointments: ["Consultation 2030-01-08 16:00-16:30 booked"] },
  },
  {
    name: "en 'actually make it friday' at the name question",
    tenant: "maple-dental",
    turns: [
      { say: "cleaning wednesday 2pm", reply: "What name should I put the booking under?" },
      { say: "actually make it friday", reply: "Got it. Friday, January 11 at 2:00 PM is available. What name should I put the booking under?" },
      { say: "Ann Perkins", reply: "What phone number" },
      { say: "(416) 555-0166", reply: "To confirm: Cleaning on Friday, January 11 at 2:00 PM, under the name Ann Perkins." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { clients: ["Ann Perkins +14165550166"], appointments: ["Cleaning 2030-01-11 14:00-14:45 booked"] },
  },
  {
    name: "en an acknowledgement before the name",
    tenant: "salon-amel",
    turns: [
      { say: "colouring friday 10am", reply: "What name" },
      { say: "ok, Rania", reply: "What phone number" },
      { say: "0770 55 44 33", reply: "To confirm: Colouring on Friday, January 11 at 10:00 AM, under the name Rania." },
      { say: "sure", reply: "You're booked" },
    ],
    outcome: { clients: ["Rania +213770554433"], appointments: ["Coloration 2030-01-11 10:00-11:30 booked"] },
  },
  {
    name: "fr a 'non' when asked whose appointment it is is not a name",
    tenant: "cabinet-dupont",
    setup: [{ appointment: { service: "Consultation", at: "2030-01-09 11:00", name: "Marie Curie", phone: "+41791234567" } }],
    turns: [
      { say: "je dois annuler mon rdv", reply: "À quel nom est le rendez-vous ?" },
      { say: "non", reply: "Pardon, je n'ai pas bien compris. Pouvez-vous me redonner votre nom ?" },
      { say: "marie curie", reply: "Vous souhaitez annuler votre rendez-vous Consultation du mercredi 9 janvier à 11h00, c'est bien cela ?" },
      { say: "oui", reply: "est annulé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-09 11:00-11:30 cancelled"] },
  },
];

describe("corrections at any step", () => {
  it.each(corrections.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("names never taken from a correction, a time or a yes/no", () => {
  it.each(names.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
