import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";

/*
 * Real callers, third set: short answers as people type them ("vas-y", "k"),
 * days and numbers in words, ranges and alternatives, questions the
 * configuration answers (FAQ, directions), names corrected at the read-back,
 * and moves asked in everyday words. Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("real-callers-third");
});
afterAll(async () => {
  await s?.close();
});

const liamAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Liam Chen", phone: "+14165550144" } });

const shortAnswers: Dialogue[] = [
  {
    name: "fr 'vas-y' confirms",
    tenant: "salon-amel",
    turns: [
      { say: "Mina 0661 40 40 40 coupe mercredi 11h", reply: "Je récapitule : Coupe le mercredi 9 janvier à 11h00, au nom de Mina." },
      { say: "vas-y", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coupe 2030-01-09 11:00-11:30 booked"] },
  },
  {
    name: "en 'k' confirms",
    tenant: "maple-dental",
    turns: [
      { say: "Leo Park 416 555 0122 checkup thursday 11am", reply: "To confirm: Checkup on Thursday, January 10 at 11:00 AM, under the name Leo Park." },
      { say: "k", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-10 11:00-11:30 booked"] },
  },
  {
    name: "en 'yeah go for it' confirms",
    tenant: "maple-dental",
    turns: [
      { say: "Ivy Ross 416 555 0124 cleaning tuesday 9am", reply: "To confirm: Cleaning on Tuesday, January 8 at 9:00 AM, under the name Ivy Ross." },
      { say: "yeah go for it", reply: "You're booked" },
    ],
    outcome: { appointments: ["Cleaning 2030-01-08 09:00-09:45 booked"] },
  },
  {
    name: "fr 'non c'est pas ça' at the read-back books nothing",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Marc Petit 079 555 66 77 consultation jeudi 15h", reply: "Je récapitule : Consultation le jeudi 10 janvier à 15h00, au nom de Marc Petit." },
      { say: "non c'est pas ça", reply: /je n'ai rien réservé|autre/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr booking for someone else: 'au nom de ma fille, Inès Haddad'",
    tenant: "salon-amel",
    turns: [
      { say: "une coupe vendredi 15h", reply: "Vendredi 11 janvier à 15h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "au nom de ma fille, Inès Haddad", reply: "À quel numéro" },
      { say: "0550 20 20 20", reply: "Je récapitule : Coupe le vendredi 11 janvier à 15h00, au nom de Inès Haddad." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coupe 2030-01-11 15:00-15:30 booked"], clients: ["Inès Haddad +213550202020"] },
  },
  {
    name: "en 'under my husband's name: Tom Reed' is his name",
    tenant: "maple-dental",
    turns: [
      { say: "cleaning monday the 14th 11am", reply: "Monday, January 14 at 11:00 AM is available. What name should I put the booking under?" },
      { say: "it's for my husband, Tom Reed, 416 555 0177", reply: "To confirm: Cleaning on Monday, January 14 at 11:00 AM, under the name Tom Reed." },
    ],
    outcome: { appointments: [], clients: ["Tom Reed +14165550177"] },
  },
];

const wordsAndRanges: Dialogue[] = [
  {
    name: "fr a day number in words: 'le quinze à 10h'",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation le quinze à 10h", reply: "Mardi 15 janvier à 10h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'jeudi dix-sept'",
    tenant: "salon-amel",
    turns: [{ say: "une coupe jeudi dix-sept à 11h", reply: "Jeudi 17 janvier à 11h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'the fifteenth at 2'",
    tenant: "maple-dental",
    turns: [{ say: "checkup on the fifteenth at 2", reply: "Tuesday, January 15 at 2:00 PM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'entre 14h et 16h mardi'",
    tenant: "cabinet-dupont",
    turns: [{ say: "consultation entre 14h et 16h mardi", reply: /^Le mardi 8 janvier, je peux vous proposer 14h00/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'thursday at 2 or 3' takes the first",
    tenant: "maple-dental",
    turns: [{ say: "cleaning thursday at 2 or 3", reply: /Thursday, January 10 at 2:00 PM/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'je suis dispo que le matin' when the day is asked",
    tenant: "salon-amel",
    turns: [
      { say: "je voudrais une couleur mercredi", reply: "Le mercredi 9 janvier, je peux vous proposer" },
      { say: "je suis dispo que le matin", reply: /^Le mercredi 9 janvier, je peux vous proposer 9h00/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr opening time: 'mardi 8h' at a salon opening at 9",
    tenant: "salon-amel",
    turns: [{ say: "coupe mardi 8h", reply: /9h00/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'anytime thursday'",
    tenant: "maple-dental",
    turns: [{ say: "checkup anytime thursday", reply: "On Thursday, January 10 I can offer 9:00 AM, 9:15 AM or 9:30 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'en début de semaine prochaine'",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation en début de semaine prochaine", reply: /lundi 14 janvier/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'je peux passer maintenant ?'",
    tenant: "salon-amel",
    at: "2030-01-08 10:05",
    turns: [{ say: "je peux passer maintenant pour une coupe ?", reply: /mardi 8 janvier à 10h15/ }],
    outcome: { appointments: [] },
  },
];

const configured: Dialogue[] = [
  {
    name: "en 'do you take insurance?' from the FAQ",
    tenant: "maple-dental",
    turns: [{ say: "hey do you guys take insurance?", reply: "We bill most major insurers directly." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'y a un parking ?' from the FAQ",
    tenant: "cabinet-dupont",
    turns: [{ say: "y a un parking pas loin ?", reply: "Le parking Mont-Blanc est à deux minutes à pied." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'how do i get there from the subway'",
    tenant: "maple-dental",
    turns: [{ say: "how do i get there from the subway", reply: /St Andrew subway station/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'à quelle heure vous ouvrez demain ?'",
    tenant: "salon-amel",
    turns: [{ say: "à quelle heure vous ouvrez demain ?", reply: /mardi 8 janvier.*9h00/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'le docteur reçoit le samedi ?'",
    tenant: "cabinet-dupont",
    turns: [{ say: "le docteur reçoit le samedi ?", reply: /samedi 12 janvier.*9h00.*12h00/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr a men's cut is a cut",
    tenant: "salon-amel",
    turns: [{ say: "salam alikoum, je voudrais une coupe homme samedi 10h", reply: "Samedi 12 janvier à 10h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr a brushing is not offered, nothing booked",
    tenant: "salon-amel",
    turns: [{ say: "vous faites les brushings ?", reply: /Nous ne proposons pas (de )?brushing/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'pour mon fils de 5 ans' is not 5 o'clock",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation pour mon fils de 5 ans jeudi 9h", reply: "Jeudi 10 janvier à 9h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
];

const moves: Dialogue[] = [
  {
    name: "en 'I'd like to reschedule' then the new time",
    tenant: "maple-dental",
    channel: "whatsapp",
    callerPhone: "+14165550144",
    setup: [liamAt("Cleaning", "2030-01-09 10:00")],
    turns: [
      { say: "hi I'd like to reschedule", reply: "Your Cleaning is on Wednesday, January 9 at 10:00 AM. When would you like to move it to?" },
      { say: "friday same time?", reply: "I'll move your Cleaning from Wednesday, January 9 at 10:00 AM to Friday, January 11 at 10:00 AM. Shall I confirm?" },
      { say: "yes", reply: "Done: your Cleaning is now on Friday, January 11 at 10:00 AM." },
    ],
    outcome: { appointments: ["Cleaning 2030-01-11 10:00-10:45 booked"] },
  },
  {
    name: "en 'can I come in earlier the same day?'",
    tenant: "maple-dental",
    channel: "whatsapp",
    callerPhone: "+14165550144",
    setup: [liamAt("Checkup", "2030-01-09 15:00")],
    turns: [{ say: "can I move my checkup to earlier the same day, like 11?", reply: "I'll move your Checkup from Wednesday, January 9 at 3:00 PM to Wednesday, January 9 at 11:00 AM. Shall I confirm?" }],
    outcome: { appointments: ["Checkup 2030-01-09 15:00-15:30 booked"] },
  },
];

const groups: Array<[string, Dialogue[]]> = [
  ["short answers as typed", shortAnswers],
  ["days and numbers in words, ranges", wordsAndRanges],
  ["questions the configuration answers", configured],
  ["moves in everyday words", moves],
];

for (const [title, dialogues] of groups) {
  describe(title, () => {
    it.each(dialogues.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
  });
}
