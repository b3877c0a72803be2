import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";

/*
 * Facts given before they are asked (never asked again), dates and times as
 * callers say them (weekday with a day number, day numbers, half past and
 * quarter to, parts of the day, past dates, the earliest slot), and the way
 * people type (SMS style, no accents, typos, off-topic questions mid-booking).
 * Monday 2030-01-07, 08:00 local unless a dialogue says otherwise.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("details-dates");
});
afterAll(async () => {
  await s?.close();
});

const liam = { client: { name: "Liam Chen", phone: "+14165550144" } } satisfies Fixture;

const volunteered: Dialogue[] = [
  {
    name: "fr name, phone, service and time in the first message: straight to the read-back",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Bonjour, je m'appelle Marie Lefèvre, mon numéro est le 079 555 12 34, je voudrais une consultation jeudi à 9h",
        reply: /^Je récapitule : Consultation le jeudi 10 janvier à 9h00, au nom de Marie Lefèvre\. Je confirme la réservation \?$/,
      },
      { say: "oui", reply: "C'est réservé : Consultation le jeudi 10 janvier à 9h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 09:00-09:30 booked"], clients: ["Marie Lefèvre +41795551234"] },
  },
  {
    name: "en name and number up front, the earliest cleaning",
    tenant: "maple-dental",
    turns: [
      {
        say: "hi this is Dan Brown, 416 555 0177, need a cleaning asap",
        reply: "For Cleaning, the first free slots are Monday, January 7 at 9:00 AM, 9:15 AM or 9:30 AM. Which one suits you?",
      },
      { say: "first one", reply: /^To confirm: Cleaning on Monday, January 7 at 9:00 AM, under the name Dan Brown\. Shall I book it\?$/ },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Cleaning 2030-01-07 09:00-09:45 booked"], clients: ["Dan Brown +14165550177"] },
  },
  {
    name: "en SMS style with name and number",
    tenant: "salon-amel",
    turns: [
      { say: "hey its Lina here, can i get a haircut sat 11am? my number 0661 22 33 44", reply: /^To confirm: Haircut on Saturday, January 12 at 11:00 AM, under the name Lina\. Shall I book it\?$/ },
      { say: "yes pls", reply: "You're booked: Haircut on Saturday, January 12 at 11:00 AM." },
    ],
    outcome: { appointments: ["Coupe 2030-01-12 11:00-11:30 booked"], clients: ["Lina +213661223344"] },
  },
  {
    name: "fr a name given with the time is not asked for",
    tenant: "cabinet-dupont",
    turns: [
      { say: "je voudrais un bilan", reply: "Très bien, pour Bilan de santé. Quel jour et à quelle heure ?" },
      { say: "au nom de Jean Dupuis, mardi 10h", reply: /^Mardi 8 janvier à 10h00, c'est disponible\. À quel numéro de téléphone peut-on vous joindre \?$/ },
      { say: "0794443322", reply: "Je récapitule : Bilan de santé le mardi 8 janvier à 10h00, au nom de Jean Dupuis." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Bilan de santé 2030-01-08 10:00-11:00 booked"], clients: ["Jean Dupuis +41794443322"] },
  },
  {
    name: "fr a phone number given with the first request is not asked for",
    tenant: "salon-amel",
    turns: [
      { say: "bonjour je voudrais un rdv, mon numero c'est le 0555 44 33 22", reply: "Pour quelle prestation ? Nous proposons : Coloration ou Coupe." },
      { say: "coupe", reply: "Très bien, pour Coupe. Quel jour et à quelle heure ?" },
      { say: "demain 10h", reply: /^Mardi 8 janvier à 10h00, c'est disponible\. À quel nom dois-je réserver \?$/ },
      { say: "Amina", reply: /^Je récapitule : Coupe le mardi 8 janvier à 10h00, au nom de Amina\. Je confirme la réservation \?$/ },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coupe 2030-01-08 10:00-10:30 booked"], clients: ["Amina +213555443322"] },
  },
  {
    name: "en 'Jane Doe here' with a number, the time later",
    tenant: "maple-dental",
    turns: [
      { say: "Jane Doe here, 647 555 0101, I'd like a checkup", reply: "Great, Checkup it is. Which day and time?" },
      { say: "monday 3pm", reply: /^To confirm: Checkup on Monday, January 14 at 3:00 PM, under the name Jane Doe\. Shall I book it\?$/ },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-14 15:00-15:30 booked"], clients: ["Jane Doe +16475550101"] },
  },
  {
    name: "en a returning caller on the phone goes straight to the read-back",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550144",
    setup: [liam],
    turns: [
      { say: "hey, need a checkup friday 10am", reply: "Hello Liam Chen, nice to hear from you again! To confirm: Checkup on Friday, January 11 at 10:00 AM, under the name Liam Chen." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-11 10:00-10:30 booked"], clients: ["Liam Chen +14165550144"] },
  },
  {
    name: "fr name and phone from the web widget are never asked",
    tenant: "cabinet-dupont",
    client: { name: "Claire Blanc", phone: "079 101 20 30" },
    turns: [
      { say: "consultation demain 11h svp", reply: /^Je récapitule : Consultation le mardi 8 janvier à 11h00, au nom de Claire Blanc\. Je confirme la réservation \?$/ },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 11:00-11:30 booked"], clients: ["Claire Blanc +41791012030"] },
  },
  {
    name: "en a cell number given with the time: only the name is asked",
    tenant: "maple-dental",
    turns: [
      { say: "cleaning please", reply: "Great, Cleaning it is. Which day and time?" },
      { say: "tomorrow 2pm, my cell is 416-555-0199", reply: /^Tuesday, January 8 at 2:00 PM is available\. What name should I put the booking under\?$/ },
      { say: "Rob Stark", reply: "To confirm: Cleaning on Tuesday, January 8 at 2:00 PM, under the name Rob Stark." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Cleaning 2030-01-08 14:00-14:45 booked"], clients: ["Rob Stark +14165550199"] },
  },
];

const dates: Dialogue[] = [
  {
    name: "fr 'lundi 14' is Monday the 14th",
    tenant: "cabinet-dupont",
    turns: [
      { say: "une consultation lundi 14 à 10h", reply: "Lundi 14 janvier à 10h00, c'est disponible." },
      { say: "Eva Rossi 079 202 30 40", reply: "Je récapitule : Consultation le lundi 14 janvier à 10h00, au nom de Eva Rossi." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-14 10:00-10:30 booked"] },
  },
  {
    name: "en 'Wednesday the 16th' is that date",
    tenant: "maple-dental",
    turns: [{ say: "checkup on Wednesday the 16th, 2pm", reply: "Wednesday, January 16 at 2:00 PM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'mercredi 16' offers that day",
    tenant: "salon-amel",
    turns: [{ say: "coupe mercredi 16", reply: "Le mercredi 16 janvier, je peux vous proposer 9h00, 9h15 ou 9h30." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'lundi 15' when the 15th is a Tuesday: asked, then Monday the 14th at the time said",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "consultation lundi 15 à 9h",
        reply: "Le 15 janvier est un mardi, pas un lundi. Vous voulez dire le mardi 15 janvier ou le lundi 14 janvier ?",
      },
      { say: "le lundi", reply: "Lundi 14 janvier à 9h00, c'est disponible. À quel nom" },
      { say: "Noah Weber", reply: "À quel numéro" },
      { say: "079 303 40 50", reply: "Je récapitule : Consultation le lundi 14 janvier à 9h00, au nom de Noah Weber." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-14 09:00-09:30 booked"] },
  },
  {
    name: "en 'Friday the 17th' when the 17th is a Thursday",
    tenant: "maple-dental",
    turns: [
      { say: "cleaning Friday the 17th", reply: "January 17 is a Thursday, not a Friday. Do you mean Thursday, January 17 or Friday, January 18?" },
      { say: "the thursday", reply: "On Thursday, January 17 I can offer 9:00 AM, 9:15 AM or 9:30 AM." },
      { say: "9am", reply: "What name" },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en 'the 19th at 11' without a month",
    tenant: "salon-amel",
    turns: [{ say: "haircut on the 19th at 11", reply: "Saturday, January 19 at 11:00 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'le 5' after the 5th: said to have passed, next month's taken",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "une consultation le 5 à 10h",
        reply: "Le 5 janvier est déjà passé ; je regarde donc le mardi 5 février. Mardi 5 février à 10h00, c'est disponible. À quel nom dois-je réserver ?",
      },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en half past two",
    tenant: "maple-dental",
    turns: [{ say: "checkup tomorrow at half past two", reply: "Tuesday, January 8 at 2:30 PM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr dix heures et demie",
    tenant: "cabinet-dupont",
    turns: [{ say: "consultation jeudi à dix heures et demie", reply: "Jeudi 10 janvier à 10h30, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr onze heures moins le quart",
    tenant: "salon-amel",
    turns: [{ say: "coloration samedi à 11h moins le quart", reply: "Samedi 12 janvier à 10h45, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "en quarter to 11",
    tenant: "maple-dental",
    turns: [{ say: "cleaning friday quarter to 11", reply: "Friday, January 11 at 10:45 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr fin d'après-midi, then a time among the offers",
    tenant: "cabinet-dupont",
    turns: [
      { say: "une consultation demain en fin d'après-midi", reply: "Le mardi 8 janvier, je peux vous proposer 15h30, 15h45 ou 16h00." },
      { say: "16h", reply: "À quel nom" },
      { say: "Lou Meyer, 0791112299", reply: "Je récapitule : Consultation le mardi 8 janvier à 16h00, au nom de Lou Meyer." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 16:00-16:30 booked"] },
  },
  {
    name: "en late morning on Thursday",
    tenant: "maple-dental",
    turns: [{ say: "checkup late morning on thursday", reply: "On Thursday, January 10 I can offer 10:00 AM, 10:15 AM or 10:30 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "en early afternoon on Friday",
    tenant: "salon-amel",
    turns: [{ say: "haircut early afternoon friday", reply: "On Friday, January 11 I can offer 12:00 PM, 12:15 PM or 12:30 PM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr en début de matinée",
    tenant: "cabinet-dupont",
    turns: [{ say: "un bilan mercredi en début de matinée", reply: "Le mercredi 9 janvier, je peux vous proposer 8h30, 8h45 ou 9h00." }],
    outcome: { appointments: [] },
  },
  {
    name: "en after 4pm with no day: the first day that has one",
    tenant: "maple-dental",
    turns: [{ say: "any slot after 4pm for a checkup?", reply: "On Monday, January 7 I can offer 4:00 PM, 4:15 PM or 4:30 PM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr en soirée jeudi",
    tenant: "salon-amel",
    turns: [{ say: "une coupe jeudi en soirée", reply: "Le jeudi 10 janvier, je peux vous proposer 17h00, 17h15 ou 17h30." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr yesterday is explained as past, not moved",
    tenant: "cabinet-dupont",
    turns: [
      { say: "une consultation hier", reply: "Dimanche 6 janvier, c'est déjà passé. Je peux vous proposer lundi 7 janvier à 8h30, 8h45 ou 9h00." },
      { say: "non merci", reply: "Très bien. N'hésitez pas si vous avez besoin d'autre chose." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en last Friday is past",
    tenant: "maple-dental",
    turns: [{ say: "checkup last Friday at 10", reply: "Friday, January 4 at 10:00 AM has already passed. I can offer Monday, January 7 at 9:00 AM" }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'le 2 janvier' a few days ago is past",
    tenant: "salon-amel",
    turns: [{ say: "je voulais une coupe le 2 janvier à 14h", reply: "Mercredi 2 janvier à 14h00, c'est déjà passé. Je peux vous proposer" }],
    outcome: { appointments: [] },
  },
  {
    name: "en yesterday at 3pm is past",
    tenant: "salon-amel",
    turns: [{ say: "can i book a colouring for yesterday at 3pm", reply: "Sunday, January 6 at 3:00 PM has already passed." }],
    outcome: { appointments: [] },
  },
];

const earliest: Dialogue[] = [
  {
    name: "fr the first free slot for a health check",
    tenant: "cabinet-dupont",
    turns: [{ say: "le premier créneau dispo pour un bilan svp", reply: "Pour Bilan de santé, les premiers créneaux libres sont lundi 7 janvier à 8h30, 8h45 ou 9h00." }],
    outcome: { appointments: [] },
  },
  {
    name: "en the earliest cleaning skips a taken slot",
    tenant: "maple-dental",
    setup: [{ appointment: { service: "Checkup", at: "2030-01-07 09:00", name: "Fixture", phone: "+14165550900" } }],
    turns: [{ say: "what's the earliest you have for a cleaning?", reply: "For Cleaning, the first free slots are Monday, January 7 at 9:30 AM, 9:45 AM or 10:00 AM." }],
    outcome: { appointments: ["Checkup 2030-01-07 09:00-09:30 booked"] },
  },
  {
    name: "en the soonest colouring on a closed Monday",
    tenant: "salon-amel",
    turns: [{ say: "whats the soonest u can do a colouring", reply: "For Colouring, the first free slots are Tuesday, January 8 at 9:00 AM, 9:15 AM or 9:30 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr au plus vite in the late afternoon: from now on",
    tenant: "cabinet-dupont",
    at: "2030-01-07 16:50",
    turns: [{ say: "une consultation au plus vite", reply: "Pour Consultation, les premiers créneaux libres sont lundi 7 janvier à 17h00, 17h15 ou 17h30." }],
    outcome: { appointments: [] },
  },
];

const howPeopleType: Dialogue[] = [
  {
    name: "fr SMS style: dem1 aprem pr 1 coupe",
    tenant: "salon-amel",
    turns: [
      { say: "slt dispo dem1 aprem pr 1 coupe?", reply: "Le mardi 8 janvier, je peux vous proposer 12h00, 12h15 ou 12h30." },
      { say: "14h", reply: "Mardi 8 janvier à 14h00, c'est disponible. À quel nom" },
      { say: "Ines", reply: "À quel numéro" },
      { say: "0770998877", reply: "Je récapitule : Coupe le mardi 8 janvier à 14h00, au nom de Ines." },
      { say: "ok merci", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coupe 2030-01-08 14:00-14:30 booked"] },
  },
  {
    name: "en tmrw 11am",
    tenant: "maple-dental",
    turns: [{ say: "hey can i book a cleaning tmrw 11am", reply: "Tuesday, January 8 at 11:00 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr no accents: bilan de sante jeudi matin",
    tenant: "cabinet-dupont",
    turns: [{ say: "je voudrais un rdv pour un bilan de sante jeudi matin", reply: "Le jeudi 10 janvier, je peux vous proposer 8h30, 8h45 ou 9h00." }],
    outcome: { appointments: [] },
  },
  {
    name: "en an FAQ question mid-booking, then a time of one's own",
    tenant: "maple-dental",
    turns: [
      { say: "checkup friday", reply: "On Friday, January 11 I can offer 9:00 AM, 9:15 AM or 9:30 AM." },
      { say: "do you take insurance?", reply: "We bill most major insurers directly. Which of these would you prefer: 9:00 AM, 9:15 AM or 9:30 AM?" },
      { say: "10 am", reply: "Friday, January 11 at 10:00 AM is available. What name" },
      { say: "Eli Moss 416 555 0133", reply: "To confirm: Checkup on Friday, January 11 at 10:00 AM, under the name Eli Moss." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-11 10:00-10:30 booked"] },
  },
  {
    name: "en an off-topic remark mid-booking is not taken for an answer",
    tenant: "salon-amel",
    turns: [
      { say: "haircut tomorrow", reply: "On Tuesday, January 8 I can offer 9:00 AM, 9:15 AM or 9:30 AM." },
      { say: "lol whats the weather like there", reply: "Sorry, I didn't quite get that. Which of these would you prefer: 9:00 AM, 9:15 AM or 9:30 AM?" },
      { say: "11:30", reply: "Tuesday, January 8 at 11:30 AM is available. What name" },
    ],
    outcome: { appointments: [], handoff: false },
  },
  {
    name: "fr a typo in the service name",
    tenant: "cabinet-dupont",
    turns: [{ say: "concultation mardi 9h", reply: "Mardi 8 janvier à 9h00, c'est disponible. À quel nom" }],
    outcome: { appointments: [] },
  },
];

describe("facts given before they are asked", () => {
  it.each(volunteered.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("dates and times as callers say them", () => {
  it.each(dates.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("the earliest free slot", () => {
  it.each(earliest.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("the way people type", () => {
  it.each(howPeopleType.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
