import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue } from "./dialogue-runner";

/*
 * Real callers, eighth set: vague and relative times ("whenever works",
 * "n'importe quand", "in a couple of days", "any day next week at 10"),
 * times past closing, and clock forms ("2h30pm", "14h-14h30").
 * Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("real-callers-eighth");
});
afterAll(async () => {
  await s?.close();
});

const vague: Dialogue[] = [
  {
    name: "en 'whenever works' is the earliest",
    tenant: "maple-dental",
    turns: [{ say: "checkup, whenever works for you", reply: "For Checkup, the first free slots are Monday, January 7 at 9:00 AM, 9:15 AM or 9:30 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'n'importe quand' is the earliest",
    tenant: "salon-amel",
    turns: [{ say: "une coupe, n'importe quand", reply: "Pour Coupe, les premiers créneaux libres sont mardi 8 janvier à 9h00, 9h15 ou 9h30." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'in a couple of days'",
    tenant: "maple-dental",
    turns: [{ say: "cleaning in a couple of days?", reply: "On Wednesday, January 9 I can offer 9:00 AM, 9:15 AM or 9:30 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'any day next week at 10am'",
    tenant: "maple-dental",
    turns: [{ say: "checkup any day next week at 10am", reply: "Monday, January 14 at 10:00 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'dans quelques jours'",
    tenant: "salon-amel",
    turns: [{ say: "une couleur dans quelques jours", reply: "Le jeudi 10 janvier, je peux vous proposer 9h00, 9h15 ou 9h30." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'quand vous voulez' is the earliest",
    tenant: "cabinet-dupont",
    turns: [{ say: "un bilan de santé, quand vous voulez", reply: "Pour Bilan de santé, les premiers créneaux libres sont lundi 7 janvier à 8h30" }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'dans une semaine'",
    tenant: "cabinet-dupont",
    turns: [{ say: "un bilan dans une semaine à 9h", reply: "Lundi 14 janvier à 9h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
];

const clocks: Dialogue[] = [
  {
    name: "fr '20h' at a salon closing at 19h offers earlier times",
    tenant: "salon-amel",
    turns: [{ say: "coupe jeudi 20h", reply: /jeudi 10 janvier à 1[5-8]h\d\d/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en '2h30pm'",
    tenant: "salon-amel",
    turns: [{ say: "haircut friday 2h30pm", reply: "Friday, January 11 at 2:30 PM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "en '10h15am' at Maple Dental",
    tenant: "maple-dental",
    turns: [{ say: "cleaning thursday 10h15am", reply: "Thursday, January 10 at 10:15 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr '14h-14h30' takes 14h",
    tenant: "cabinet-dupont",
    turns: [{ say: "consultation jeudi 14h-14h30", reply: "Jeudi 10 janvier à 14h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
];

const groups: Array<[string, Dialogue[]]> = [
  ["vague and relative times", vague],
  ["clocks past closing and in ranges", clocks],
];

for (const [title, dialogues] of groups) {
  describe(title, () => {
    it.each(dialogues.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
  });
}
