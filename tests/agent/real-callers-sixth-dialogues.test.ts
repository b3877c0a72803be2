import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue } from "./dialogue-runner";

/*
 * Real callers, sixth set: corrections at the name and phone steps, short
 * answers that are not names, services asked for in everyday words (and
 * services not offered), the service list with durations.
 * Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("real-callers-sixth");
});
afterAll(async () => {
  await s?.close();
});

const corrections: Dialogue[] = [
  {
    name: "fr at the phone step, 'ah non attendez, plutôt 11h'",
    tenant: "cabinet-dupont",
    turns: [
      { say: "consultation mercredi 10h au nom de Zoé Brun", reply: "Mercredi 9 janvier à 10h00, c'est disponible. À quel numéro" },
      { say: "ah non attendez, plutôt 11h", reply: /Mercredi 9 janvier à 11h00, c'est disponible\. À quel numéro/ },
      { say: "079 321 54 76", reply: "Je récapitule : Consultation le mercredi 9 janvier à 11h00, au nom de Zoé Brun." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-09 11:00-11:30 booked"], clients: ["Zoé Brun +41793215476"] },
  },
  {
    name: "en 'under the name' mid-sentence after the time",
    tenant: "maple-dental",
    turns: [
      { say: "checkup friday 9am under the name Kai Moreau 416 555 0150", reply: "To confirm: Checkup on Friday, January 11 at 9:00 AM, under the name Kai Moreau." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-11 09:00-09:30 booked"], clients: ["Kai Moreau +14165550150"] },
  },
  {
    name: "fr 'mon nom est' mid-sentence after the time",
    tenant: "salon-amel",
    turns: [{ say: "je veux une coupe samedi 11h mon nom est Farah Amrani", reply: "Samedi 12 janvier à 11h00, c'est disponible. À quel numéro" }],
    outcome: { appointments: [] },
  },
  {
    name: "fr at the name step, 'Non, jeudi' is a new day, not a name",
    tenant: "salon-amel",
    turns: [
      { say: "coupe mercredi 15h", reply: "Mercredi 9 janvier à 15h00, c'est disponible. À quel nom" },
      { say: "Non, Jeudi", reply: /Jeudi 10 janvier à 15h00, c'est disponible\. À quel nom/ },
      { say: "Selma", reply: "À quel numéro" },
    ],
    outcome: { appointments: [], clients: [] },
  },
  {
    name: "en at the name step, 'Yes Friday works' is not a name",
    tenant: "maple-dental",
    turns: [
      { say: "checkup thursday 3pm", reply: "Thursday, January 10 at 3:00 PM is available. What name" },
      { say: "Actually Friday works better", reply: /Friday, January 11 at 3:00 PM is available\. What name/ },
      { say: "Hana Sato", reply: "What phone number" },
    ],
    outcome: { appointments: [], clients: [] },
  },
  {
    name: "en facts given early are never asked again",
    tenant: "maple-dental",
    turns: [
      { say: "Hi, I'm Rosa Diaz, cell 647 555 0142", reply: /How can I help/i },
      { say: "I'd like a cleaning", reply: "Great, Cleaning it is." },
      { say: "wednesday 1pm", reply: "To confirm: Cleaning on Wednesday, January 9 at 1:00 PM, under the name Rosa Diaz." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Cleaning 2030-01-09 13:00-13:45 booked"], clients: ["Rosa Diaz +16475550142"] },
  },
];

const everydayServices: Dialogue[] = [
  {
    name: "en British 'colour' at the salon",
    tenant: "salon-amel",
    turns: [{ say: "can I get a colour on thursday at 10?", reply: "Thursday, January 10 at 10:00 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'nettoyage des dents' at Maple Dental",
    tenant: "maple-dental",
    turns: [{ say: "je voudrais un nettoyage des dents vendredi 9h", reply: "Vendredi 11 janvier à 9h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "en teeth whitening is not offered",
    tenant: "maple-dental",
    turns: [{ say: "do you do teeth whitening?", reply: /^We don't offer teeth whitening\. We offer Checkup \(30 min\) and Cleaning \(45 min\)\./ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr a blood test (done within a consultation, never refused by name) books nothing and lists the services",
    tenant: "cabinet-dupont",
    turns: [{ say: "je voudrais faire une prise de sang demain matin", reply: "Je ne trouve pas cette prestation. Nous proposons : Bilan de santé ou Consultation. Laquelle souhaitez-vous ?" }],
    outcome: { appointments: [] },
  },
  {
    name: "fr the service list with durations",
    tenant: "salon-amel",
    turns: [{ say: "quelles prestations vous proposez ?", reply: /Coloration.*1 ?h ?30|Coloration.*90 min/ }],
    outcome: { appointments: [] },
  },
];

const groups: Array<[string, Dialogue[]]> = [
  ["corrections at the name and phone steps", corrections],
  ["services in everyday words", everydayServices],
];

for (const [title, dialogues] of groups) {
  describe(title, () => {
    it.each(dialogues.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
  });
}
