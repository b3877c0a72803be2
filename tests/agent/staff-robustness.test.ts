import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStaffArgument } from "@/lib/agent/staff-argument";
import { readStaffMention, type NamedResource } from "@/lib/agent/staff-matcher";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue } from "./dialogue-runner";
import { addStaff } from "./staff-setup";

/*
 * Staff names as real callers say them: accents dropped, titles of every
 * kind, a surname alone, speech-to-text spelling ("carine", "sofie"), a role
 * instead of a name, "the same person as last time", and a person on days
 * off. Negative cases keep ordinary words and the caller's own name out.
 */

const team: NamedResource[] = [
  { id: "karine", name: "Karine", kind: "staff" },
  { id: "helene", name: "Hélène Dubois", kind: "staff" },
  { id: "martin", name: "Dr Martin", kind: "staff" },
  { id: "girard", name: "Me Laurent Girard", kind: "staff" },
  { id: "sophia", name: "Sophia", kind: "staff" },
  { id: "sami", name: "Sami", kind: "staff" },
  { id: "bernard", name: "M. Bernard", kind: "staff" },
  { id: "marie", name: "Marie", kind: "staff" },
];

const read = (message: string, callerName?: string) => {
  const m = readStaffMention(message, team, callerName ? { callerName } : {});
  if (!m) return null;
  if (m.kind !== "named") return m.kind;
  return `${m.excluded ? "not " : ""}${m.ids.join("|") || `unknown:${m.said}`}${m.strength === "bare" ? " (bare)" : ""}`;
};

describe("names as callers say them", () => {
  it.each([
    ["avec Helene", "helene"],
    ["avec HELENE DUBOIS svp", "helene"],
    ["avec Mme Dubois", "helene"],
    ["with Ms Dubois please", "helene"],
    ["Dubois si possible", "helene"],
    ["avec Maître Girard", "girard"],
    ["avec Me Girard mardi", "girard"],
    ["rendez-vous avec maitre laurent girard", "girard"],
    ["with Dr. Martin", "martin"],
    ["chez le Docteur Martin", "martin"],
    ["avec la doctoresse Martin", "martin"],
    ["avec M. Bernard", "bernard"],
    ["with Mr Bernard", "bernard"],
    ["avec carine", "karine"],
    ["Carine svp", "karine"],
    ["Carine", "karine (bare)"],
    ["avec Sofia", "sophia"],
    ["with Samy please", "sami"],
    ["pas carine", "not karine"],
    ["is karine free on friday", "karine"],
    ["celui de d'habitude", "usual"],
    ["avec la même coiffeuse que la dernière fois", "usual"],
    ["mon coiffeur habituel svp", "usual"],
    ["the same person as last time", "usual"],
    ["with my usual stylist", "usual"],
    ["the other hairdresser", "someone_else"],
    ["l'autre coiffeuse plutôt", "someone_else"],
  ])("%s → %s", (message, expected) => {
    expect(read(message)).toBe(expected);
  });

  it.each([
    "avec la dentiste",
    "with the hairdresser",
    "avec l'avocat",
    "chez le notaire demain",
    "with my teacher",
    "call me tomorrow",
    "with me",
    "ma soeur carine viendra aussi",
    "samedi svp",
    "same time please",
    "the same day",
    "comme d'habitude",
    "je viens avec mon mari",
    "avec plaisir, à samedi",
  ])("%s asks for nobody", (message) => {
    expect(read(message)).toBeNull();
  });

  it("never takes the caller's own name for a person", () => {
    expect(read("Karine Petit", "Karine Petit")).toBeNull();
    expect(read("c'est Marie Curie", "Marie Curie")).toBeNull();
    expect(read("Karine Petit")).toBe("karine (bare)");
  });
});

describe("a phrase known to be about who (voice tools' staff, model mode's staff field)", () => {
  const argument = (said: string) => {
    const m = readStaffArgument(said, team);
    if (!m) return null;
    return m.kind !== "named" ? m.kind : `${m.excluded ? "not " : ""}${m.ids.join("|") || `unknown:${m.said}`}`;
  };
  it.each([
    ["Karine", "karine"],
    ["sauf Karine", "not karine"],
    ["not Julien", "not unknown:Julien"],
    ["Julien", "unknown:Julien"],
    ["same as last time", "usual"],
    ["la même que la dernière fois", "usual"],
    ["celle d'habitude", "usual"],
    ["anyone", "anyone"],
    ["peu importe", "anyone"],
    ["la dentiste", null],
    ["the stylist", null],
  ])("%s → %s", (said, expected) => {
    expect(argument(said)).toBe(expected);
  });
});

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("staff-robust");
  await addStaff(s, "salon-amel", "Karim", [{ name: "Sonia" }, { name: "Hélène Dubois", services: ["Coupe"] }]);
  await addStaff(s, "maple-dental", "Dr Tremblay", [{ name: "Sophie Roy" }, { name: "Dr Martin" }]);
});
afterAll(async () => {
  await s?.close();
});

const karimOff = { dayOff: { resource: "Karim", from: "2030-01-08", to: "2030-01-12", reason: "congés" } };
const sophieOff = { dayOff: { resource: "Sophie Roy", from: "2030-01-07", to: "2030-01-11", reason: "vacation" } };

const dialogues: Dialogue[] = [
  {
    name: "fr Karim on holiday that week: said so, his first times back, and Sonia at that time",
    tenant: "salon-amel",
    setup: [karimOff],
    turns: [
      {
        say: "je voudrais une coupe avec Karim jeudi à 10h",
        reply: /^Karim ne travaille pas le jeudi 10 janvier ; de retour le mardi 15 janvier\. Karim peut vous prendre mardi 15 janvier à 9h00 ou 9h15, ou Sonia est libre à 10h00\. Lequel préférez-vous \?$/,
      },
      { say: "avec Sonia alors", reply: "À quel nom dois-je réserver ?" },
      { say: "Nadia Saïdi", reply: "téléphone" },
      { say: "0551 23 45 67", reply: "Je récapitule : Coupe le jeudi 10 janvier à 10h00 avec Sonia, au nom de Nadia Saïdi." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr Karim on holiday, a whole day asked: his return, then whoever is free that day",
    tenant: "salon-amel",
    setup: [karimOff],
    turns: [
      {
        say: "une coupe avec Karim mercredi",
        reply: /^Karim ne travaille pas le mercredi 9 janvier ; de retour le mardi 15 janvier\. Karim peut vous prendre mardi 15 janvier à 9h00 ou 9h15, ou (Sonia|Hélène Dubois) est libre à 9h00\./,
      },
      { say: "la première", reply: "À quel nom dois-je réserver ?" },
      { say: "Nadia Saïdi, 0551 23 45 67", reply: "Je récapitule : Coupe le mardi 15 janvier à 9h00 avec Karim, au nom de Nadia Saïdi." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en Sophie is away that week: said so, and the next times she is back",
    tenant: "maple-dental",
    setup: [sophieOff],
    turns: [
      {
        say: "can I book a checkup with sofie on wednesday at 2pm",
        reply: /^Sophie Roy isn't working on Wednesday, January 9; back on Monday, January 14\. Sophie Roy can do Monday, January 14 at 9:00 AM or 9:15 AM, or (Dr Tremblay|Dr Martin) is free at 2:00 PM\. Which would you prefer\?$/,
      },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr a returning client asks for 'la même coiffeuse que la dernière fois': her last person",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "+213551112233",
    setup: [{ appointment: { service: "Coupe", at: "2030-01-05 10:00", name: "Yacine Haddad", phone: "+213551112233", resource: "Hélène Dubois" } }],
    turns: [
      {
        say: "bonjour, une coupe jeudi à 10h avec la même coiffeuse que la dernière fois",
        reply: "Je récapitule : Coupe le jeudi 10 janvier à 10h00 avec Hélène Dubois, au nom de Yacine Haddad.",
      },
      { say: "oui", reply: "C'est réservé : Coupe le jeudi 10 janvier à 10h00 avec Hélène Dubois." },
    ],
    outcome: {
      staffAppointments: ["Coupe 2030-01-05 10:00 Hélène Dubois booked", "Coupe 2030-01-10 10:00 Hélène Dubois booked"],
    },
  },
  {
    name: "fr 'celui de d'habitude' from someone we do not know: asked who, then a name",
    tenant: "salon-amel",
    turns: [
      {
        say: "une coupe jeudi à 10h avec celui de d'habitude",
        reply: "Je ne retrouve pas votre dernier rendez-vous chez nous. Avec qui souhaitez-vous prendre rendez-vous : Karim, Sonia ou Hélène Dubois, ou la première personne disponible ?",
      },
      { say: "Karim", reply: "Karim est disponible jeudi 10 janvier à 10h00." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en 'the same dentist as last time' from a returning patient",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550144",
    setup: [{ appointment: { service: "Cleaning", at: "2029-12-20 10:00", name: "Liam Chen", phone: "+14165550144", resource: "Dr Martin" } }],
    turns: [{ say: "I'd like a cleaning on Thursday at 10 with the same dentist as last time", reply: "To confirm: Cleaning on Thursday, January 10 at 10:00 AM with Dr Martin, under the name Liam Chen." }],
    outcome: { appointments: ["Cleaning 2029-12-20 10:00-10:45 booked"] },
  },
  {
    name: "fr speech-to-text 'avec élène dubois' and a surname alone",
    tenant: "salon-amel",
    turns: [
      { say: "une coupe samedi à 11h avec élène dubois", reply: "Hélène Dubois est disponible samedi 12 janvier à 11h00." },
      { say: "non plutôt avec Dubois à midi", reply: "Hélène Dubois est disponible samedi 12 janvier à 12h00." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en 'the other hairdresser' is someone else, and a role is nobody in particular",
    tenant: "salon-amel",
    locale: "en",
    turns: [
      { say: "a haircut with Karim on Friday", reply: /^On Friday, January 11, Karim can see you at 9:00 AM, 9:15 AM or 9:30 AM\./ },
      { say: "actually the other hairdresser", reply: /^On Friday, January 11 I can offer 9:00 AM, 9:15 AM or 9:30 AM\./ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'Sonya' answers 'avec qui ?' as Sonia, but given as the caller's own name it is her name",
    tenant: "salon-amel",
    turns: [
      { say: "une coupe mardi à 11h avec Julien", reply: "Il n'y a personne du nom de Julien chez nous." },
      { say: "Sonya", reply: "Sonia est disponible mardi 8 janvier à 11h00. À quel nom dois-je réserver ?" },
      { say: "Sonya", reply: "À quel numéro de téléphone" },
      { say: "0551 23 45 67", reply: "Je récapitule : Coupe le mardi 8 janvier à 11h00 avec Sonia, au nom de Sonya." },
    ],
    outcome: { appointments: [], clients: ["Sonya +213551234567"] },
  },
  {
    name: "fr 'avec la coiffeuse' asks for nobody: no staff question",
    tenant: "salon-amel",
    turns: [{ say: "je voudrais une coupe avec la coiffeuse mardi à 11h", reply: /^Mardi 8 janvier à 11h00, c'est disponible\./ }],
    outcome: { appointments: [] },
  },
];

describe("staff understanding in dialogues", () => {
  it.each(dialogues.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
