import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";

/*
 * Real callers, fourth set: symptoms that are not emergencies, two questions
 * in one message, hours around lunch and "right now", the FAQ and the hours
 * in other words, moves answered with "same time", and phone numbers said
 * in words on the phone. Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("real-callers-fourth");
});
afterAll(async () => {
  await s?.close();
});

const yacineAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Yacine Haddad", phone: "+213551112233" } });

const notEmergencies: Dialogue[] = [
  {
    name: "fr a sore throat for three days is a booking today, not an emergency",
    tenant: "cabinet-dupont",
    turns: [{ say: "bonjour j'ai mal à la gorge depuis 3 jours, je peux voir le docteur aujourd'hui ?", reply: /^(Avec plaisir\. Pour quelle prestation|Le lundi 7 janvier, je peux vous proposer)/ }],
    outcome: { appointments: [], handoff: false },
  },
  {
    name: "en a toothache for a week: a checkup today",
    tenant: "maple-dental",
    turns: [{ say: "I've had a toothache for a week, can I get a checkup today?", reply: "On Monday, January 7 I can offer 9:00 AM, 9:15 AM or 9:30 AM." }],
    outcome: { appointments: [], handoff: false },
  },
];

const twoQuestions: Dialogue[] = [
  {
    name: "en price and duration in one message",
    tenant: "maple-dental",
    turns: [{ say: "How much is a cleaning and how long does it take?", reply: /150.*45 min|45 min.*150/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'quels sont vos tarifs ?' lists every price",
    tenant: "salon-amel",
    turns: [{ say: "bonjour, quels sont vos tarifs svp", reply: /Coloration.*4[  ,.]?500.*Coupe.*1[  ,.]?500|Coupe.*1[  ,.]?500.*Coloration.*4[  ,.]?500/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'vous êtes ouverts entre midi et deux ?' at a practice closed over lunch",
    tenant: "cabinet-dupont",
    turns: [{ say: "vous êtes ouverts entre midi et deux ?", reply: /12h00.*13h30/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'you open right now?' before opening",
    tenant: "maple-dental",
    turns: [{ say: "you open right now?", reply: /closed right now.*9:00 AM/ }],
    outcome: { appointments: [] },
  },
];

const otherWords: Dialogue[] = [
  {
    name: "en 'is it covered by my insurance?' finds the insurance answer",
    tenant: "maple-dental",
    turns: [{ say: "is a cleaning covered by my insurance?", reply: "We bill most major insurers directly." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'where can I park?' finds the parking answer",
    tenant: "maple-dental",
    turns: [{ say: "where can I park my car?", reply: "Paid parking is available under the building." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'do you work on saturdays?'",
    tenant: "maple-dental",
    turns: [{ say: "do you work on saturdays?", reply: /closed/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'vous travaillez le lundi ?' at the salon",
    tenant: "salon-amel",
    turns: [{ say: "vous travaillez le lundi ?", reply: /fermés/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'the twenty-second of January at 10'",
    tenant: "maple-dental",
    turns: [{ say: "checkup the twenty-second of january at 10am", reply: "Tuesday, January 22 at 10:00 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'samedi dix-neuf' at the salon",
    tenant: "salon-amel",
    turns: [{ say: "coloration samedi dix-neuf à 10h", reply: "Samedi 19 janvier à 10h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
];

const sameTime: Dialogue[] = [
  {
    name: "fr 'et vendredi, même heure ?' as the answer to 'pour quand ?'",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "+213551112233",
    setup: [yacineAt("Coupe", "2030-01-09 16:00")],
    turns: [
      { say: "salut je voudrais déplacer mon rdv", reply: "Votre rendez-vous Coupe est prévu le mercredi 9 janvier à 16h00. Pour quand souhaitez-vous le déplacer ?" },
      { say: "vendredi même heure ?", reply: "Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 16h00 au vendredi 11 janvier à 16h00. Je confirme ?" },
      { say: "oui", reply: "C'est fait : votre rendez-vous Coupe est maintenant le vendredi 11 janvier à 16h00." },
    ],
    outcome: { appointments: ["Coupe 2030-01-11 16:00-16:30 booked"] },
  },
  {
    name: "fr 'une heure plus tard' as the answer to 'pour quand ?'",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "+213551112233",
    setup: [yacineAt("Coupe", "2030-01-09 16:00")],
    turns: [
      { say: "je dois changer mon rendez-vous", reply: "Pour quand souhaitez-vous le déplacer ?" },
      { say: "une heure plus tard si possible", reply: "Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 16h00 au mercredi 9 janvier à 17h00. Je confirme ?" },
    ],
    outcome: { appointments: ["Coupe 2030-01-09 16:00-16:30 booked"] },
  },
];

const spokenNumbers: Dialogue[] = [
  {
    name: "fr on the phone, a Swiss number said in words with septante",
    tenant: "cabinet-dupont",
    channel: "voice",
    turns: [
      { say: "une consultation jeudi à 11h", reply: "Jeudi 10 janvier à 11h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "Pierre Fauvel", reply: "À quel numéro" },
      { say: "zéro septante-neuf, cinq cent cinquante-cinq, douze, trente-quatre", reply: "Je récapitule : Consultation le jeudi 10 janvier à 11h00, au nom de Pierre Fauvel." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 11:00-11:30 booked"], clients: ["Pierre Fauvel +41795551234"] },
  },
  {
    name: "en on the phone, a number said digit by digit with 'oh' and 'double'",
    tenant: "maple-dental",
    channel: "voice",
    turns: [
      { say: "checkup friday at 10", reply: "Friday, January 11 at 10:00 AM is available. What name should I put the booking under?" },
      { say: "Nora Quinn", reply: "What phone number" },
      { say: "four one six, five five five, oh one double eight", reply: "To confirm: Checkup on Friday, January 11 at 10:00 AM, under the name Nora Quinn." },
    ],
    outcome: { appointments: [], clients: ["Nora Quinn +14165550188"] },
  },
  {
    name: "fr on the phone, a French number with 'plus trente-trois' and soixante-dix-huit",
    tenant: "cabinet-dupont",
    channel: "voice",
    turns: [
      { say: "bilan de santé mardi 15 à 10h, au nom de Claire Vidal", reply: "Mardi 15 janvier à 10h00, c'est disponible. À quel numéro" },
      { say: "plus trente-trois, six, douze, trente-quatre, cinquante-six, soixante-dix-huit", reply: "Je récapitule : Bilan de santé le mardi 15 janvier à 10h00, au nom de Claire Vidal." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Bilan de santé 2030-01-15 10:00-11:00 booked"], clients: ["Claire Vidal +33612345678"] },
  },
];

const groups: Array<[string, Dialogue[]]> = [
  ["symptoms that are not emergencies", notEmergencies],
  ["two questions in one", twoQuestions],
  ["the FAQ, hours and dates in other words", otherWords],
  ["'same time' and shifts as the answer", sameTime],
  ["phone numbers said in words", spokenNumbers],
];

for (const [title, dialogues] of groups) {
  describe(title, () => {
    it.each(dialogues.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
  });
}
