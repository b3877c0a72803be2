import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue } from "./dialogue-runner";

/*
 * Real callers, fifth set: Algerian politeness (salam, choukran, bslama),
 * "I'll call back", Québec AM/PM in French, "ce midi", alternatives between
 * two days, and refusals of the offer to book.
 * Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("real-callers-fifth");
});
afterAll(async () => {
  await s?.close();
});

const politeness: Dialogue[] = [
  {
    name: "fr 'salam' alone is a greeting",
    tenant: "salon-amel",
    turns: [{ say: "salam", reply: "Salon Amel, bonjour ! Ici Lina, que puis-je faire pour vous ?" }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'choukran' after an answer is thanks",
    tenant: "salon-amel",
    turns: [
      { say: "vous êtes où ?", reply: /12 rue Didouche Mourad/ },
      { say: "choukran", reply: "Avec plaisir ! Puis-je faire autre chose pour vous ?" },
      { say: "non bslama", reply: /au revoir|N'hésitez pas/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'je rappellerai' after the offer to book ends politely",
    tenant: "cabinet-dupont",
    turns: [
      { say: "c'est combien le bilan de santé ?", reply: /Souhaitez-vous prendre rendez-vous \?$/ },
      { say: "je rappellerai plus tard merci", reply: /au revoir|N'hésitez pas|Avec plaisir/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en 'I'll call back' in the middle of a booking books nothing",
    tenant: "maple-dental",
    turns: [
      { say: "cleaning tomorrow 10am", reply: "Tuesday, January 8 at 10:00 AM is available." },
      { say: "actually I'll call back later, thanks", reply: /goodbye|All right|welcome/ },
    ],
    outcome: { appointments: [], clients: [] },
  },
  {
    name: "en 'not now, thanks' after the offer to book",
    tenant: "salon-amel",
    turns: [
      { say: "how much is a haircut?", reply: /Would you like to book\?$/ },
      { say: "not now, thanks", reply: /All right|goodbye|welcome/ },
    ],
    outcome: { appointments: [] },
  },
];

const quebecAndDays: Dialogue[] = [
  {
    name: "fr Québec 'mardi 2h PM'",
    tenant: "maple-dental",
    turns: [{ say: "un examen mardi 2h PM svp", reply: "Mardi 8 janvier à 14h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr Québec 'à matin' is this morning",
    tenant: "maple-dental",
    turns: [{ say: "vous avez de la place à matin pour un nettoyage ?", reply: /lundi 7 janvier.*9h00/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'ce midi' is today around noon",
    tenant: "cabinet-dupont",
    turns: [{ say: "je peux avoir une consultation ce midi ?", reply: /lundi 7 janvier.*1[12]h\d\d/i }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'mardi ou mercredi matin' offers the first of the two",
    tenant: "salon-amel",
    turns: [{ say: "une coupe mardi ou mercredi matin", reply: /mardi 8 janvier.*9h00/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'anything this week in the afternoon?' for a cleaning",
    tenant: "maple-dental",
    turns: [{ say: "do you have anything this week in the afternoon for a cleaning?", reply: /January [7-9]|January 1[01]/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'a quarter to five'",
    tenant: "maple-dental",
    turns: [{ say: "checkup wednesday at a quarter to four", reply: "Wednesday, January 9 at 3:45 PM is available." }],
    outcome: { appointments: [] },
  },
];

const groups: Array<[string, Dialogue[]]> = [
  ["politeness and leaving", politeness],
  ["Québec times and days", quebecAndDays],
];

for (const [title, dialogues] of groups) {
  describe(title, () => {
    it.each(dialogues.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
  });
}
