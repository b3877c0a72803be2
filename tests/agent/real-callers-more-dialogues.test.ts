import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";

/*
 * More real callers: each class of phrasing the engine once got wrong, said
 * again with other words and at another tenant (names before phone numbers,
 * dotted times, the week after next, lunch words, emergencies, small talk,
 * questions about something else), and corrections slipped into a yes.
 * Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("real-callers-more");
});
afterAll(async () => {
  await s?.close();
});

const marieAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Marie Curie", phone: "+41791234567" } });

const names: Dialogue[] = [
  {
    name: "fr evening greeting, name and Algerian mobile before the request",
    tenant: "salon-amel",
    turns: [
      { say: "Bonsoir, Ahmed Benali 0770 12 34 56, une coupe samedi 14h svp", reply: /^Je récapitule : Coupe le samedi 12 janvier à 14h00, au nom de Ahmed Benali\./ },
      { say: "oui", reply: "C'est réservé : Coupe le samedi 12 janvier à 14h00." },
    ],
    outcome: { appointments: ["Coupe 2030-01-12 14:00-14:30 booked"], clients: ["Ahmed Benali +213770123456"] },
  },
  {
    name: "en name and number with dashes, date with a day number",
    tenant: "maple-dental",
    turns: [
      { say: "Hi, Grace Kim - 647 555 0123 - cleaning Monday the 14th 10am", reply: /^To confirm: Cleaning on Monday, January 14 at 10:00 AM, under the name Grace Kim\./ },
      { say: "sounds good", reply: "You're booked" },
    ],
    outcome: { appointments: ["Cleaning 2030-01-14 10:00-10:45 booked"], clients: ["Grace Kim +16475550123"] },
  },
  {
    name: "fr \"c'est Léa Morel\" with the time and the number after",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Bonjour c'est Léa Morel, consultation vendredi 9h, 079 111 22 33", reply: /^Je récapitule : Consultation le vendredi 11 janvier à 9h00, au nom de Léa Morel\./ },
      { say: "oui merci", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-11 09:00-09:30 booked"], clients: ["Léa Morel +41791112233"] },
  },
  {
    name: "fr 'c'est pour une consultation' is not a name",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Bonjour, c'est pour une consultation demain 10h", reply: "Mardi 8 janvier à 10h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "Hugo Lambert", reply: "À quel numéro" },
    ],
    outcome: { appointments: [] },
  },
];

const clocks: Dialogue[] = [
  {
    name: "fr Swiss dotted time 'à 9.30'",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation jeudi à 9.30", reply: "Jeudi 10 janvier à 9h30, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "en '10.15am'",
    tenant: "maple-dental",
    turns: [{ say: "can i book a checkup wednesday 10.15am", reply: "Wednesday, January 9 at 10:15 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr '16.45' at the salon",
    tenant: "salon-amel",
    turns: [{ say: "coupe vendredi 16.45", reply: "Vendredi 11 janvier à 16h45, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr a price with a dot is not a time",
    tenant: "cabinet-dupont",
    turns: [{ say: "la consultation c'est bien 120.00 CHF ?", reply: /^Pour Consultation, le tarif est de/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr '2h de l'aprem' is 14:00",
    tenant: "salon-amel",
    turns: [{ say: "une coupe jeudi à 2h de l'aprem", reply: "Jeudi 10 janvier à 14h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'vers les 10h'",
    tenant: "cabinet-dupont",
    turns: [{ say: "consultation mercredi vers les 10h", reply: "Mercredi 9 janvier à 10h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
];

const weeks: Dialogue[] = [
  {
    name: "fr 'la semaine d'après la prochaine'",
    tenant: "cabinet-dupont",
    turns: [{ say: "un bilan mardi de la semaine d'après la prochaine à 10h", reply: "Mardi 22 janvier à 10h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'Friday the week after next'",
    tenant: "salon-amel",
    turns: [{ say: "haircut friday the week after next at 11am", reply: "Friday, January 25 at 11:00 AM is available." }],
    outcome: { appointments: [] },
  },
];

const lunch: Dialogue[] = [
  {
    name: "fr 'sur le temps de midi' offers lunchtime slots, not noon sharp",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation mardi sur le temps de midi", reply: /^Le mardi 8 janvier, je peux vous proposer 1[12]h\d\d/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr Québec 'pendant le dîner' at Maple Dental",
    tenant: "maple-dental",
    turns: [{ say: "un examen jeudi pendant le dîner", reply: /^Le jeudi 10 janvier, je peux vous proposer 1[12]h\d\d/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr at the Algiers salon 'à l'heure du dîner' is the evening",
    tenant: "salon-amel",
    turns: [{ say: "une coupe jeudi à l'heure du dîner", reply: /^Le jeudi 10 janvier, je peux vous proposer 1[789]h\d\d/ }],
    outcome: { appointments: [] },
  },
];

const emergencies: Dialogue[] = [
  {
    name: "fr 'mon père est tombé dans les pommes'",
    tenant: "cabinet-dupont",
    turns: [{ say: "allo mon père est tombé dans les pommes il répond plus", reply: "appelez immédiatement le 144" }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "en 'my husband just collapsed'",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550177",
    turns: [{ say: "my husband just collapsed in the waiting room", reply: "hang up and call 911 right now" }],
    outcome: { handoff: true, transferPhone: "+14165550100", appointments: [] },
  },
  {
    name: "fr 'ma fille a avalé des médicaments' at the salon: 14",
    tenant: "salon-amel",
    turns: [{ say: "ma fille a avalé des médicaments", reply: "appelez immédiatement le 14" }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "en 'asthma attack' while the name is asked",
    tenant: "maple-dental",
    turns: [
      { say: "checkup friday 2pm", reply: "Friday, January 11 at 2:00 PM is available." },
      { say: "sorry my son is having an asthma attack", reply: "call 911 right now" },
    ],
    outcome: { handoff: true, appointments: [], clients: [] },
  },
];

const smallTalk: Dialogue[] = [
  {
    name: "fr 'Bonjour, comment allez-vous ?' is greeted",
    tenant: "cabinet-dupont",
    turns: [{ say: "Bonjour, comment allez-vous ?", reply: /comment puis-je vous aider/i }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'salut ça va ?' then the request",
    tenant: "salon-amel",
    turns: [
      { say: "salut ça va ?", reply: /que puis-je faire pour vous|comment puis-je vous aider/i },
      { say: "je voudrais une couleur jeudi 10h", reply: "Jeudi 10 janvier à 10h00, c'est disponible." },
    ],
    outcome: { appointments: [] },
  },
];

const somethingElse: Dialogue[] = [
  {
    name: "en 'do you know if it's going to snow tomorrow?' books nothing",
    tenant: "maple-dental",
    turns: [{ say: "do you know if it's going to snow tomorrow?", reply: /didn't quite get that/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'vous auriez quelque chose de libre jeudi après-midi ?' is a booking",
    tenant: "salon-amel",
    turns: [{ say: "vous auriez quelque chose de libre jeudi après-midi ?", reply: "Pour quelle prestation ? Nous proposons : Coloration ou Coupe." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'what time do you close on Friday?' is the hours",
    tenant: "maple-dental",
    turns: [{ say: "what time do you close on friday?", reply: /Friday, January 11.*5:00 PM/ }],
    outcome: { appointments: [] },
  },
];

const yesBut: Dialogue[] = [
  {
    name: "fr at the read-back 'oui mais plutôt 10h30' reads it back again, books nothing yet",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Anne Roche, 079 777 88 99, consultation jeudi 10h", reply: "Je récapitule : Consultation le jeudi 10 janvier à 10h00, au nom de Anne Roche." },
      { say: "oui mais plutôt 10h30 en fait", reply: "Je récapitule : Consultation le jeudi 10 janvier à 10h30, au nom de Anne Roche." },
      { say: "oui", reply: "C'est réservé : Consultation le jeudi 10 janvier à 10h30." },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 10:30-11:00 booked"] },
  },
  {
    name: "en at the read-back 'yes but make it 3pm'",
    tenant: "maple-dental",
    turns: [
      { say: "Omar Said 416 555 0190 checkup tuesday 1pm", reply: "To confirm: Checkup on Tuesday, January 8 at 1:00 PM, under the name Omar Said." },
      { say: "yes but make it 3pm", reply: "To confirm: Checkup on Tuesday, January 8 at 3:00 PM, under the name Omar Said." },
      { say: "yes", reply: "You're booked: Checkup on Tuesday, January 8 at 3:00 PM." },
    ],
    outcome: { appointments: ["Checkup 2030-01-08 15:00-15:30 booked"] },
  },
  {
    name: "fr choosing an offered slot with 'ok pour 9h15'",
    tenant: "salon-amel",
    turns: [
      { say: "coupe mardi matin", reply: "Le mardi 8 janvier, je peux vous proposer 9h00, 9h15 ou 9h30." },
      { say: "ok pour 9h15", reply: "À quel nom dois-je réserver ?" },
      { say: "Samia 0661 99 88 77", reply: "Je récapitule : Coupe le mardi 8 janvier à 9h15, au nom de Samia." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coupe 2030-01-08 09:15-09:45 booked"] },
  },
];

const more: Dialogue[] = [
  {
    name: "fr changing the service mid-flow: 'en fait c'est pour une couleur'",
    tenant: "salon-amel",
    turns: [
      { say: "une coupe jeudi 10h", reply: "Jeudi 10 janvier à 10h00, c'est disponible." },
      { say: "ah en fait c'est pour une couleur pas une coupe", reply: /^C'est noté\. Jeudi 10 janvier à 10h00, c'est disponible\./ },
      { say: "Lamia 0661 12 12 12", reply: "Je récapitule : Coloration le jeudi 10 janvier à 10h00, au nom de Lamia." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coloration 2030-01-10 10:00-11:30 booked"] },
  },
  {
    name: "en 'not a checkup but a cleaning' at the read-back",
    tenant: "maple-dental",
    turns: [
      { say: "Zoe Hart 416 555 0133 checkup friday 9am", reply: "To confirm: Checkup on Friday, January 11 at 9:00 AM, under the name Zoe Hart." },
      { say: "not a checkup but a cleaning", reply: "To confirm: Cleaning on Friday, January 11 at 9:00 AM, under the name Zoe Hart." },
      { say: "yes", reply: "You're booked: Cleaning on Friday, January 11 at 9:00 AM." },
    ],
    outcome: { appointments: ["Cleaning 2030-01-11 09:00-09:45 booked"] },
  },
  {
    name: "fr 'pas une coupe mais une couleur' when the day is asked",
    tenant: "salon-amel",
    turns: [
      { say: "je voudrais une coupe", reply: "Très bien, pour Coupe." },
      { say: "pardon pas une coupe mais une couleur, samedi 9h", reply: "Samedi 12 janvier à 9h00, c'est disponible." },
      { say: "Dounia 0661 30 30 30", reply: "Je récapitule : Coloration le samedi 12 janvier à 9h00, au nom de Dounia." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr cancel on the web by name",
    tenant: "cabinet-dupont",
    setup: [marieAt("Consultation", "2030-01-09 10:00")],
    turns: [
      { say: "bonjour je voudrais annuler mon rdv", reply: "À quel nom est le rendez-vous ?" },
      { say: "Marie Curie", reply: /Consultation du mercredi 9 janvier à 10h00/ },
    ],
    outcome: { appointments: ["Consultation 2030-01-09 10:00-10:30 booked"] },
  },
  {
    name: "en 'any time after 3 on friday'",
    tenant: "maple-dental",
    turns: [{ say: "cleaning any time after 3 on friday", reply: /^On Friday, January 11 I can offer 3:00 PM/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'demain à la première heure'",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation demain à la première heure", reply: /^Le mardi 8 janvier, je peux vous proposer 8h30/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'je voudrais parler au docteur' is a hand-off",
    tenant: "cabinet-dupont",
    turns: [{ say: "je voudrais parler au docteur svp", reply: "Je transmets votre demande" }],
    outcome: { handoff: true, status: "handed_off", appointments: [] },
  },
  {
    name: "en 'open on sundays?'",
    tenant: "salon-amel",
    turns: [{ say: "r u open on sundays?", reply: /closed/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'ce weekend' at the salon is Saturday",
    tenant: "salon-amel",
    turns: [{ say: "une coupe ce weekend", reply: /samedi 12 janvier/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'ok à tantôt' alone says goodbye",
    tenant: "cabinet-dupont",
    turns: [
      { say: "c'est où le cabinet ?", reply: /Rue du Rhône 42/ },
      { say: "ok à tantôt", reply: /au revoir|N'hésitez pas/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'dix heures du mat'",
    tenant: "salon-amel",
    turns: [{ say: "coupe samedi 10h du mat", reply: "Samedi 12 janvier à 10h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'nope, none of those work' after proposals",
    tenant: "maple-dental",
    turns: [
      { say: "checkup thursday morning", reply: "On Thursday, January 10 I can offer 9:00 AM, 9:15 AM or 9:30 AM." },
      { say: "nope none of those work", reply: /other (day or )?time/ },
    ],
    outcome: { appointments: [] },
  },
];

const groups: Array<[string, Dialogue[]]> = [
  ["names before phone numbers and 'c'est'", names],
  ["dotted and colloquial clocks", clocks],
  ["the week after next", weeks],
  ["lunch words by region", lunch],
  ["more emergencies", emergencies],
  ["small talk", smallTalk],
  ["questions about something else", somethingElse],
  ["a yes with a correction", yesBut],
  ["more callers", more],
];

for (const [title, dialogues] of groups) {
  describe(title, () => {
    it.each(dialogues.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
  });
}
