import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue } from "./dialogue-runner";

/*
 * Real callers, tenth set: callers in the other language than the
 * business's (prices, hours, open now), with the service named in theirs.
 * Monday 2030-01-07, 08:00 local unless a dialogue says otherwise.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("real-callers-tenth");
});
afterAll(async () => {
  await s?.close();
});

const otherLanguage: Dialogue[] = [
  {
    name: "en the price of a consultation in Geneva",
    tenant: "cabinet-dupont",
    turns: [{ say: "Hi, how much is a consultation?", reply: /^Consultation costs (CHF )?120(\.00)?( CHF)?\. Would you like to book\?$/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr the price of a cleaning in Toronto, in French",
    tenant: "maple-dental",
    turns: [{ say: "bonjour c'est combien un nettoyage ?", reply: /^Pour Nettoyage dentaire, le tarif est de 150/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'vous êtes ouverts le samedi ?' at Maple Dental",
    tenant: "maple-dental",
    turns: [{ say: "vous êtes ouverts le samedi ?", reply: "Le samedi 12 janvier, nous sommes fermés." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'are you open now?' at the Geneva practice mid-morning",
    tenant: "cabinet-dupont",
    at: "2030-01-07 10:00",
    turns: [{ say: "are you open now?", reply: /^Yes, we're open right now, until 12:00 PM\./ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'non pas ça, un bilan' when the service is asked",
    tenant: "cabinet-dupont",
    turns: [
      { say: "je voudrais un rdv jeudi 9h", reply: "Pour quelle prestation ?" },
      { say: "un bilan svp", reply: "Jeudi 10 janvier à 9h00, c'est disponible." },
    ],
    outcome: { appointments: [] },
  },
];

describe("callers in the other language", () => {
  it.each(otherLanguage.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
