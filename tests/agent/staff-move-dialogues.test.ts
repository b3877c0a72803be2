import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";
import { addStaff } from "./staff-setup";

/*
 * Moving an appointment with a change of person, the way callers say it.
 * Salon Amel has Karim (its default diary), Sonia and Léa (cuts only); Maple
 * Dental has Dr Tremblay (default), Sophie Roy and Dr Martin (cleanings
 * only). The Geneva practice keeps its single diary: a move there never
 * talks about staff. Monday 2030-01-07 08:00.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("staff-move");
  await addStaff(s, "salon-amel", "Karim", [{ name: "Sonia" }, { name: "Léa", services: ["Coupe"] }]);
  await addStaff(s, "maple-dental", "Dr Tremblay", [{ name: "Sophie Roy" }, { name: "Dr Martin", services: ["Cleaning"] }]);
});
afterAll(async () => {
  await s?.close();
});

const yacine = { channel: "whatsapp" as const, callerPhone: "+213551112233" };
const yacineWith = (resource: string, at = "2030-01-09 10:00", service = "Coupe"): Fixture => ({
  appointment: { service, at, name: "Yacine Haddad", phone: "+213551112233", resource },
});
const someoneAt = (resource: string, at: string, service = "Coupe"): Fixture => ({
  appointment: { service, at, name: "Nour Belkacem", phone: "+213551000009", resource },
});
const liam = { channel: "voice" as const, callerPhone: "+14165550144" };
const liamWith = (resource: string, at = "2030-01-08 10:00", service = "Checkup"): Fixture => ({
  appointment: { service, at, name: "Liam Chen", phone: "+14165550144", resource },
});

const french: Dialogue[] = [
  {
    name: "fr 'décaler à jeudi avec Sonia plutôt': Sonia's times that day, read back with Sonia, moved to her diary",
    tenant: "salon-amel",
    ...yacine,
    setup: [yacineWith("Karim")],
    turns: [
      { say: "bonjour, je voudrais décaler mon rendez-vous à jeudi avec Sonia plutôt", reply: "Le jeudi 10 janvier, Sonia est disponible à 9h00, 9h15 ou 9h30. Lequel vous convient ?" },
      { say: "9h30", reply: "Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 10h00 au jeudi 10 janvier à 9h30, avec Sonia. Je confirme ?" },
      { say: "oui", reply: "C'est fait : votre rendez-vous Coupe est maintenant le jeudi 10 janvier à 9h30 avec Sonia." },
    ],
    outcome: { staffAppointments: ["Coupe 2030-01-10 09:30 Sonia booked"] },
  },
  {
    name: "fr without a word about who, the move keeps Karim and says nothing of staff",
    tenant: "salon-amel",
    ...yacine,
    setup: [yacineWith("Karim")],
    turns: [
      { say: "je peux décaler mon rdv à jeudi 11h ?", reply: "Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 10h00 au jeudi 10 janvier à 11h00. Je confirme ?" },
      { say: "oui merci", reply: "C'est fait : votre rendez-vous Coupe est maintenant le jeudi 10 janvier à 11h00." },
    ],
    outcome: { staffAppointments: ["Coupe 2030-01-10 11:00 Karim booked"] },
  },
  {
    name: "fr Karim is taken at the new time: his own times first, then Sonia then; the caller takes Sonia",
    tenant: "salon-amel",
    ...yacine,
    setup: [yacineWith("Karim"), someoneAt("Karim", "2030-01-10 10:00")],
    turns: [
      {
        say: "je voudrais déplacer mon rendez-vous à jeudi 10h",
        reply: /Karim n'est pas disponible jeudi 10 janvier à 10h00\. Karim peut vous prendre jeudi 10 janvier à \d+h\d\d ou \d+h\d\d, ou Sonia est libre à 10h00\. Lequel préférez-vous \?$/,
      },
      { say: "avec Sonia alors", reply: "Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 10h00 au jeudi 10 janvier à 10h00, avec Sonia. Je confirme ?" },
      { say: "oui", reply: "avec Sonia." },
    ],
    outcome: { staffAppointments: ["Coupe 2030-01-10 10:00 Karim booked", "Coupe 2030-01-10 10:00 Sonia booked"] },
  },
  {
    name: "fr 'de mercredi à jeudi même heure, mais pas avec Karim': whoever else is free then",
    tenant: "salon-amel",
    ...yacine,
    setup: [yacineWith("Karim")],
    turns: [
      {
        say: "salut, je peux décaler mon rdv de mercredi à jeudi même heure, mais pas avec Karim",
        reply: /Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 10h00 au jeudi 10 janvier à 10h00, avec (Sonia|Léa)\. Je confirme \?$/,
      },
      { say: "oui", reply: /^C'est fait : votre rendez-vous Coupe est maintenant le jeudi 10 janvier à 10h00 avec (Sonia|Léa)\.$/ },
    ],
    outcome: { appointments: ["Coupe 2030-01-10 10:00-10:30 booked"] },
  },
  {
    name: "fr 'même heure mais avec quelqu'un d'autre': the same time, another person",
    tenant: "salon-amel",
    ...yacine,
    setup: [yacineWith("Karim")],
    turns: [
      { say: "je voudrais changer mon rendez-vous", reply: "Votre rendez-vous Coupe est prévu le mercredi 9 janvier à 10h00. Pour quand souhaitez-vous le déplacer ?" },
      { say: "même heure mais avec quelqu'un d'autre", reply: /^Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 10h00 au mercredi 9 janvier à 10h00, avec (Sonia|Léa)\./ },
      { say: "oui", reply: /avec (Sonia|Léa)\.$/ },
    ],
    outcome: { appointments: ["Coupe 2030-01-09 10:00-10:30 booked"] },
  },
  {
    name: "fr 'n'importe qui mais plus tôt': the first free times, whoever's",
    tenant: "salon-amel",
    ...yacine,
    setup: [yacineWith("Karim", "2030-01-11 15:00")],
    turns: [
      { say: "je voudrais déplacer mon rendez-vous", reply: "Pour quand souhaitez-vous le déplacer ?" },
      { say: "n'importe qui mais plus tôt", reply: /^Pour Coupe, les premiers créneaux libres sont mardi 8 janvier à 9h00/ },
      { say: "la première", reply: /^Je déplace votre rendez-vous Coupe du vendredi 11 janvier à 15h00 au mardi 8 janvier à 9h00/ },
      { say: "oui", reply: "C'est fait" },
    ],
    outcome: { appointments: ["Coupe 2030-01-08 09:00-09:30 booked"] },
  },
  {
    name: "fr a name nobody has in a move: who is there, then a name",
    tenant: "salon-amel",
    ...yacine,
    setup: [yacineWith("Karim")],
    turns: [
      { say: "je voudrais décaler mon rendez-vous à jeudi 10h avec Julien", reply: "Il n'y a personne du nom de Julien chez nous. Vous pouvez prendre rendez-vous avec Karim, Sonia ou Léa" },
      { say: "Sonia", reply: "Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 10h00 au jeudi 10 janvier à 10h00, avec Sonia. Je confirme ?" },
    ],
    outcome: { staffAppointments: ["Coupe 2030-01-09 10:00 Karim booked"] },
  },
  {
    name: "fr Léa does not do colourings: who does, and nothing moves",
    tenant: "salon-amel",
    ...yacine,
    setup: [yacineWith("Karim", "2030-01-09 10:00", "Coloration")],
    turns: [{ say: "je voudrais décaler ma coloration à jeudi 10h avec Léa", reply: "Léa ne fait pas Coloration. Pour Coloration, vous pouvez prendre rendez-vous avec Karim ou Sonia." }],
    outcome: { staffAppointments: ["Coloration 2030-01-09 10:00 Karim booked"] },
  },
  {
    name: "fr 'oui mais avec Sonia' at the read-back: checked again with Sonia",
    tenant: "salon-amel",
    ...yacine,
    setup: [yacineWith("Karim")],
    turns: [
      { say: "je peux décaler mon rdv à jeudi 11h ?", reply: "au jeudi 10 janvier à 11h00. Je confirme ?" },
      { say: "oui mais avec Sonia", reply: "C'est noté. Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 10h00 au jeudi 10 janvier à 11h00, avec Sonia. Je confirme ?" },
      { say: "oui", reply: "avec Sonia." },
    ],
    outcome: { staffAppointments: ["Coupe 2030-01-10 11:00 Sonia booked"] },
  },
  {
    name: "fr 'avec Karim' for Karim's own appointment and no time: the question of when, nothing else",
    tenant: "salon-amel",
    ...yacine,
    setup: [yacineWith("Karim")],
    turns: [
      { say: "je voudrais décaler mon rendez-vous avec Karim", reply: "Votre rendez-vous Coupe est prévu le mercredi 9 janvier à 10h00. Pour quand souhaitez-vous le déplacer ?" },
      { say: "vendredi même heure", reply: "Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 10h00 au vendredi 11 janvier à 10h00. Je confirme ?" },
    ],
    outcome: { staffAppointments: ["Coupe 2030-01-09 10:00 Karim booked"] },
  },
  {
    name: "en Karim off on the day asked for a move: said so, his return, and someone else that day",
    tenant: "salon-amel",
    locale: "en",
    ...yacine,
    setup: [yacineWith("Karim"), { dayOff: { resource: "Karim", from: "2030-01-10", to: "2030-01-10" } }],
    turns: [
      {
        say: "can I move my haircut to Thursday at 3pm?",
        reply: /Karim isn't working on Thursday, January 10; back on Friday, January 11\. Karim can do Friday, January 11 at 9:00 AM or 9:15 AM, or (Sonia|Léa) is free at 3:00 PM\. Which would you prefer\?$/,
      },
      { say: "the last one", reply: /I'll move your Haircut from Wednesday, January 9 at 10:00 AM to Thursday, January 10 at 3:00 PM, with (Sonia|Léa)\. Shall I confirm\?$/ },
      { say: "yes", reply: /^Done: your Haircut is now on Thursday, January 10 at 3:00 PM with (Sonia|Léa)\.$/ },
    ],
    outcome: { appointments: ["Coupe 2030-01-10 15:00-15:30 booked"] },
  },
  {
    name: "fr a caller called Karim moving his appointment asks for nobody",
    tenant: "salon-amel",
    channel: "web",
    setup: [{ appointment: { service: "Coupe", at: "2030-01-09 10:00", name: "Karim Benali", phone: "+213551987654", resource: "Sonia" } }],
    turns: [
      { say: "bonjour je voudrais décaler mon rendez-vous à jeudi 11h", reply: "À quel nom est le rendez-vous ?" },
      { say: "Karim Benali", reply: "Votre rendez-vous Coupe est prévu le mercredi 9 janvier à 10h00. Pour quand souhaitez-vous le déplacer ?" },
      { say: "jeudi 11h", reply: "Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 10h00 au jeudi 10 janvier à 11h00. Je confirme ?" },
      { say: "oui", reply: "C'est fait : votre rendez-vous Coupe est maintenant le jeudi 10 janvier à 11h00." },
    ],
    outcome: { staffAppointments: ["Coupe 2030-01-10 11:00 Sonia booked"] },
  },
  {
    name: "fr a single-diary business hears no staff talk in a move",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [{ appointment: { service: "Consultation", at: "2030-01-08 10:00", name: "Marie Curie", phone: "+41791234567" } }],
    turns: [
      { say: "je voudrais décaler mon rendez-vous à jeudi 10h avec le docteur Martin plutôt", reply: "Je déplace votre rendez-vous Consultation du mardi 8 janvier à 10h00 au jeudi 10 janvier à 10h00. Je confirme ?" },
      { say: "oui", reply: "C'est fait : votre rendez-vous Consultation est maintenant le jeudi 10 janvier à 10h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 10:00-10:30 booked"] },
  },
];

const english: Dialogue[] = [
  {
    name: "en 'move my appointment to Thursday, with Sophie this time': Sophie's times, read back with her",
    tenant: "maple-dental",
    ...liam,
    setup: [liamWith("Dr Tremblay")],
    turns: [
      { say: "Hi, can I move my appointment to Thursday, with Sophie this time?", reply: "On Thursday, January 10, Sophie Roy can see you at 9:00 AM, 9:15 AM or 9:30 AM. Which one suits you?" },
      { say: "9:15 please", reply: "I'll move your Checkup from Tuesday, January 8 at 10:00 AM to Thursday, January 10 at 9:15 AM, with Sophie Roy. Shall I confirm?" },
      { say: "yes", reply: "Done: your Checkup is now on Thursday, January 10 at 9:15 AM with Sophie Roy." },
    ],
    outcome: { staffAppointments: ["Checkup 2030-01-10 09:15 Sophie Roy booked"] },
  },
  {
    name: "en 'same time but with anyone else'",
    tenant: "maple-dental",
    ...liam,
    setup: [liamWith("Dr Tremblay")],
    turns: [
      { say: "I need to reschedule my checkup", reply: "Your Checkup is on Tuesday, January 8 at 10:00 AM. When would you like to move it to?" },
      { say: "same time but with anyone else", reply: "I'll move your Checkup from Tuesday, January 8 at 10:00 AM to Tuesday, January 8 at 10:00 AM, with Sophie Roy. Shall I confirm?" },
      { say: "yes please", reply: "Done: your Checkup is now on Tuesday, January 8 at 10:00 AM with Sophie Roy." },
    ],
    outcome: { staffAppointments: ["Checkup 2030-01-08 10:00 Sophie Roy booked"] },
  },
  {
    name: "en 'anyone but Dr Tremblay' on Friday at 2",
    tenant: "maple-dental",
    ...liam,
    setup: [liamWith("Dr Tremblay", "2030-01-08 10:00", "Cleaning")],
    turns: [
      {
        say: "could I move my cleaning to Friday at 2pm, anyone but Dr Tremblay",
        reply: /I'll move your Cleaning from Tuesday, January 8 at 10:00 AM to Friday, January 11 at 2:00 PM, with (Sophie Roy|Dr Martin)\. Shall I confirm\?$/,
      },
      { say: "yep", reply: /^Done: your Cleaning is now on Friday, January 11 at 2:00 PM with (Sophie Roy|Dr Martin)\.$/ },
    ],
    outcome: { appointments: ["Cleaning 2030-01-11 14:00-14:45 booked"] },
  },
  {
    name: "en Dr Martin does not do checkups: who does, nothing moves",
    tenant: "maple-dental",
    ...liam,
    setup: [liamWith("Dr Tremblay")],
    turns: [{ say: "can I move my checkup to Thursday at 10 with Dr Martin", reply: "Dr Martin doesn't do Checkup. For Checkup you can book with Dr Tremblay or Sophie Roy." }],
    outcome: { staffAppointments: ["Checkup 2030-01-08 10:00 Dr Tremblay booked"] },
  },
  {
    name: "en without a word about who: Dr Tremblay keeps it, nothing said about staff",
    tenant: "maple-dental",
    ...liam,
    setup: [liamWith("Dr Tremblay")],
    turns: [
      { say: "I'm running late for tomorrow, can we push it back an hour?", reply: "I'll move your Checkup from Tuesday, January 8 at 10:00 AM to Tuesday, January 8 at 11:00 AM. Shall I confirm?" },
      { say: "yes", reply: "Done: your Checkup is now on Tuesday, January 8 at 11:00 AM." },
    ],
    outcome: { staffAppointments: ["Checkup 2030-01-08 11:00 Dr Tremblay booked"] },
  },
];

describe("moving an appointment to another person (French)", () => {
  it.each(french.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("moving an appointment to another person (English)", () => {
  it.each(english.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
