import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue } from "./dialogue-runner";
import { addStaff } from "./staff-setup";

/*
 * Callers asking for a person, in French. Salon Amel has Karim (its default
 * diary, renamed), Sonia and Léa (cuts only); the Geneva practice has Dr
 * Dupont, Dr Martin and Mme Lefèvre (consultations only). Maple Dental keeps
 * its single diary: there nobody is ever named. Monday 2030-01-07 08:00.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("staff-fr");
  await addStaff(s, "salon-amel", "Karim", [{ name: "Sonia" }, { name: "Léa", services: ["Coupe"] }]);
  await addStaff(s, "cabinet-dupont", "Dr Dupont", [{ name: "Dr Martin" }, { name: "Mme Lefèvre", services: ["Consultation"] }]);
});
afterAll(async () => {
  await s?.close();
});

const karimTaken = { appointment: { service: "Coupe", at: "2030-01-10 10:00", name: "Yasmine Haddad", phone: "+213551000001", resource: "Karim" } };

const withAPerson: Dialogue[] = [
  {
    name: "fr 'avec Karim' sticks to the read-back and the booking",
    tenant: "salon-amel",
    turns: [
      { say: "Bonjour, je voudrais une coupe avec Karim jeudi à 10h", reply: "Karim est disponible jeudi 10 janvier à 10h00. À quel nom dois-je réserver ?" },
      { say: "Nadia Saïdi", reply: "À quel numéro de téléphone" },
      { say: "0551 23 45 67", reply: "Je récapitule : Coupe le jeudi 10 janvier à 10h00 avec Karim, au nom de Nadia Saïdi. Je confirme la réservation ?" },
      { say: "oui", reply: "C'est réservé : Coupe le jeudi 10 janvier à 10h00 avec Karim. À bientôt !" },
    ],
    outcome: { staffAppointments: ["Coupe 2030-01-10 10:00 Karim booked"] },
  },
  {
    name: "fr 'chez Karim' when Karim is taken: his next times first, then Sonia at that time",
    tenant: "salon-amel",
    setup: [karimTaken],
    turns: [
      {
        say: "je voudrais prendre rendez-vous chez Karim pour une coupe jeudi à 10h",
        reply: /^Karim n'est pas disponible jeudi 10 janvier à 10h00\. Karim peut vous prendre jeudi 10 janvier à \d+h\d\d ou \d+h\d\d, ou Sonia est libre à 10h00\. Lequel préférez-vous \?$/,
      },
      { say: "Sonia à 10h alors", reply: "Sonia est disponible jeudi 10 janvier à 10h00. À quel nom dois-je réserver ?" },
      { say: "Nadia Saïdi, 0551 23 45 67", reply: "Je récapitule : Coupe le jeudi 10 janvier à 10h00 avec Sonia, au nom de Nadia Saïdi." },
      { say: "oui c'est parfait", reply: "C'est réservé : Coupe le jeudi 10 janvier à 10h00 avec Sonia." },
    ],
    outcome: { staffAppointments: ["Coupe 2030-01-10 10:00 Karim booked", "Coupe 2030-01-10 10:00 Sonia booked"] },
  },
  {
    name: "fr Karim taken: the caller keeps Karim and takes his first other time",
    tenant: "salon-amel",
    setup: [karimTaken],
    turns: [
      { say: "Une coupe avec karim svp, jeudi 10h", reply: /^Karim n'est pas disponible jeudi 10 janvier à 10h00\. Karim peut vous prendre/ },
      { say: "la première", reply: "À quel nom dois-je réserver ?" },
      { say: "Nadia Saïdi", reply: "téléphone" },
      { say: "0551 23 45 67", reply: /avec Karim, au nom de Nadia Saïdi/ },
      { say: "oui", reply: /^C'est réservé : Coupe le jeudi 10 janvier à \d+h\d\d avec Karim\./ },
    ],
    outcome: {},
  },
  {
    name: "fr the person stays asked for across turns: service, then day, then time",
    tenant: "salon-amel",
    turns: [
      { say: "Bonjour, c'est possible avec Sonia ?", reply: "Pour quelle prestation ?" },
      { say: "une coloration", reply: /^Très bien, pour Coloration avec Sonia\. Quel jour et à quelle heure \? Les prochains créneaux libres de Sonia sont / },
      { say: "samedi", reply: /^Le samedi 12 janvier, Sonia est disponible à 9h00, 9h15 ou 9h30\./ },
      { say: "plutôt à 15h", reply: "Sonia est disponible samedi 12 janvier à 15h00." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'n'importe qui' books whoever is free and says who",
    tenant: "salon-amel",
    turns: [
      { say: "une coupe demain à 14h, n'importe qui", reply: "Mardi 8 janvier à 14h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "Nadia Saïdi", reply: "téléphone" },
      { say: "0551 23 45 67", reply: "Je récapitule : Coupe le mardi 8 janvier à 14h00, au nom de Nadia Saïdi." },
      { say: "oui", reply: /^C'est réservé : Coupe le mardi 8 janvier à 14h00 avec (Karim|Sonia|Léa)\./ },
    ],
    outcome: { appointments: ["Coupe 2030-01-08 14:00-14:30 booked"] },
  },
  {
    name: "fr 'pas avec Karim' at a time: whoever else is free then is named",
    tenant: "salon-amel",
    turns: [{ say: "je voudrais une coupe samedi à 11h mais pas avec Karim", reply: /^(Sonia|Léa) est disponible samedi 12 janvier à 11h00\./ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'quelqu'un d'autre' after Karim's times, then a pick names the person",
    tenant: "salon-amel",
    turns: [
      { say: "une coupe avec Karim jeudi", reply: /^Le jeudi 10 janvier, Karim est disponible à 9h00, 9h15 ou 9h30\./ },
      { say: "quelqu'un d'autre plutôt", reply: /^Le jeudi 10 janvier, je peux vous proposer 9h00, 9h15 ou 9h30\./ },
      { say: "9h15", reply: "À quel nom dois-je réserver ?" },
      { say: "Nadia Saïdi", reply: "téléphone" },
      { say: "0551 23 45 67", reply: /^Je récapitule : Coupe le jeudi 10 janvier à 9h15 avec (Sonia|Léa), au nom de Nadia Saïdi\./ },
    ],
    outcome: { appointments: [] },
  },
];

const questions: Dialogue[] = [
  {
    name: "fr a name nobody has: who is there instead, then 'peu importe'",
    tenant: "salon-amel",
    turns: [
      {
        say: "Bonjour je voudrais une coloration avec Julien",
        reply:
          "Il n'y a personne du nom de Julien chez nous. Vous pouvez prendre rendez-vous avec Karim ou Sonia, ou avec la première personne disponible. Avec qui souhaitez-vous ?",
      },
      { say: "peu importe", reply: /^Très bien, pour Coloration\. Quel jour et à quelle heure \? Les prochains créneaux libres sont / },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr a person who does not do the service: who does, then a name",
    tenant: "salon-amel",
    turns: [
      { say: "une coloration avec Léa samedi à 10h", reply: "Léa ne fait pas Coloration. Pour Coloration, vous pouvez prendre rendez-vous avec Karim ou Sonia. Avec qui souhaitez-vous ?" },
      { say: "Sonia", reply: "Sonia est disponible samedi 12 janvier à 10h00. À quel nom dois-je réserver ?" },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr a caller called Karim is not asking for Karim",
    tenant: "salon-amel",
    turns: [
      { say: "une coupe mardi à 11h", reply: "Mardi 8 janvier à 11h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "Karim Benali", reply: "À quel numéro de téléphone" },
      { say: "0551 98 76 54", reply: "Je récapitule : Coupe le mardi 8 janvier à 11h00, au nom de Karim Benali. Je confirme la réservation ?" },
    ],
    outcome: { appointments: [], clients: ["Karim Benali +213551987654"] },
  },
  {
    name: "fr 'avec ma fille' asks for nobody",
    tenant: "salon-amel",
    turns: [
      { say: "je voudrais une coupe avec ma fille mardi à 11h", reply: "Mardi 8 janvier à 11h00, c'est disponible." },
      { say: "Nadia Saïdi", reply: "À quel numéro de téléphone" },
      { say: "0551 23 45 67", reply: "Je récapitule : Coupe le mardi 8 janvier à 11h00, au nom de Nadia Saïdi. Je confirme la réservation ?" },
    ],
    outcome: { appointments: [] },
  },
];

/** Ways French callers name a person; each must be understood as that person. */
const phrasings: Array<[string, string, string]> = [
  ["je voudrais voir le docteur Martin pour une consultation mardi à 9h", "Dr Martin", "mardi 8 janvier à 9h00"],
  ["un rendez-vous avec Dr. Martin mardi à 9h", "Dr Martin", "mardi 8 janvier à 9h00"],
  ["consultation chez le dr martin mardi 9h", "Dr Martin", "mardi 8 janvier à 9h00"],
  ["une consultation mardi à 9h, docteur martin si possible", "Dr Martin", "mardi 8 janvier à 9h00"],
  ["une consultation avec Mme Lefèvre mercredi à 14h", "Mme Lefèvre", "mercredi 9 janvier à 14h00"],
  ["avec madame lefevre mercredi 14h pour une consultation", "Mme Lefèvre", "mercredi 9 janvier à 14h00"],
  ["de préférence avec le Dr Dupont, une consultation jeudi à 10h", "Dr Dupont", "jeudi 10 janvier à 10h00"],
  ["consultation jeudi 10h, chez le docteur Martinn", "Dr Martin", "jeudi 10 janvier à 10h00"],
];

describe("a person asked for by name (French)", () => {
  it.each(withAPerson.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("who, when the name does not settle it (French)", () => {
  it.each(questions.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("phrasings of a person (French)", () => {
  it.each(phrasings)("%s", (say, person, when) =>
    runDialogue(s, {
      name: `fr phrasing ${say}`,
      tenant: "cabinet-dupont",
      turns: [{ say, reply: `${person} est disponible ${when}.` }],
      outcome: { appointments: [] },
    }),
  );

  it("fr a single-diary business hears no staff talk: 'avec Karim' at Maple Dental", () =>
    runDialogue(s, {
      name: "fr single diary",
      tenant: "maple-dental",
      turns: [{ say: "je voudrais un nettoyage avec Karim demain à 10h", reply: /^Mardi 8 janvier à 10h00, c'est disponible\. À quel nom dois-je réserver \?$/ }],
      outcome: { appointments: [] },
    }));
});
