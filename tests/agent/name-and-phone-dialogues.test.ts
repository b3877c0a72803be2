import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue } from "./dialogue-runner";

/*
 * Name and phone number given in one message, in either order, or one at a
 * time in either order. Monday 2030-01-07, 08:00 on each tenant's wall clock.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("name-and-phone");
});
afterAll(async () => {
  await s?.close();
});

const mapleCheckup = { appointments: ["Checkup 2030-01-07 16:00-16:30 booked"] };
const dupontConsultation = { appointments: ["Consultation 2030-01-08 10:00-10:30 booked"] };
const mapleConfirm = "To confirm: Checkup on Monday, January 7 at 4:00 PM, under the name Jane Roe. Shall I book it?";
const dupontConfirm = "Je récapitule : Consultation le mardi 8 janvier à 10h00, au nom de Jeanne Roux. Je confirme la réservation ?";

const dialogues: Dialogue[] = [
  {
    name: "en 'my name is' then the phone, in one message",
    tenant: "maple-dental",
    turns: [
      { say: "Can I get an exam today at 4?", reply: "What name should I put the booking under?" },
      { say: "My name is Jane Roe, 613 555 0199", reply: mapleConfirm },
      { say: "yes", reply: "You're booked: Checkup on Monday, January 7 at 4:00 PM." },
    ],
    outcome: { ...mapleCheckup, clients: ["Jane Roe +16135550199"] },
  },
  {
    name: "en phone first, then the name, in one message",
    tenant: "maple-dental",
    turns: [
      { say: "Can I get an exam today at 4?", reply: "What name should I put the booking under?" },
      { say: "(613) 555-0199, Jane Roe", reply: mapleConfirm },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { ...mapleCheckup, clients: ["Jane Roe +16135550199"] },
  },
  {
    name: "en bare name with an international number",
    tenant: "maple-dental",
    turns: [
      { say: "Can I get an exam today at 4?", reply: "What name should I put the booking under?" },
      { say: "Jane Roe +1.613.555.0199", reply: mapleConfirm },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { ...mapleCheckup, clients: ["Jane Roe +16135550199"] },
  },
  {
    name: "en number and name with their cues, number first",
    tenant: "maple-dental",
    turns: [
      { say: "Can I get an exam today at 4?", reply: "What name should I put the booking under?" },
      { say: "My number is 613-555-0199 and my name is Jane Roe", reply: mapleConfirm },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { ...mapleCheckup, clients: ["Jane Roe +16135550199"] },
  },
  {
    name: "en phone only at the name question, then the name",
    tenant: "maple-dental",
    turns: [
      { say: "Can I get an exam today at 4?", reply: "What name should I put the booking under?" },
      { say: "613 555 0199", reply: /^What name should I put the booking under\?$/ },
      { say: "Jane Roe", reply: mapleConfirm },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { ...mapleCheckup, clients: ["Jane Roe +16135550199"] },
  },
  {
    name: "en name only, then the phone",
    tenant: "maple-dental",
    turns: [
      { say: "Can I get an exam today at 4?", reply: "What name should I put the booking under?" },
      { say: "Sure, Jane Roe here", reply: /^What phone number can we reach you on\?$/ },
      { say: "613.555.0199", reply: mapleConfirm },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { ...mapleCheckup, clients: ["Jane Roe +16135550199"] },
  },
  {
    name: "en a time at the name question changes the time and is not taken for a name",
    tenant: "maple-dental",
    turns: [
      { say: "Can I get an exam today at 4?", reply: "What name should I put the booking under?" },
      { say: "at 10:30", reply: "Got it. Monday, January 7 at 10:30 AM is available. What name should I put the booking under?" },
      { say: "Jane Roe, 613 555 0199", reply: "To confirm: Checkup on Monday, January 7 at 10:30 AM, under the name Jane Roe. Shall I book it?" },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-07 10:30-11:00 booked"], clients: ["Jane Roe +16135550199"] },
  },
  {
    name: "fr je m'appelle, puis le numéro, dans un seul message",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Je voudrais une consultation demain à 10h", reply: "Mardi 8 janvier à 10h00, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "Je m'appelle Jeanne Roux, 079 555 01 99", reply: dupontConfirm },
      { say: "oui", reply: "C'est réservé : Consultation le mardi 8 janvier à 10h00." },
    ],
    outcome: { ...dupontConsultation, clients: ["Jeanne Roux +41795550199"] },
  },
  {
    name: "fr nom et numéro fixe sans formule",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Je voudrais une consultation demain à 10h", reply: "À quel nom dois-je réserver ?" },
      { say: "Jeanne Roux 022 555 01 99", reply: dupontConfirm },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { ...dupontConsultation, clients: ["Jeanne Roux +41225550199"] },
  },
  {
    name: "fr le numéro d'abord, puis c'est suivi du nom",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Je voudrais une consultation demain à 10h", reply: "À quel nom dois-je réserver ?" },
      { say: "+41 79 555 01 99, c'est Jeanne Roux", reply: dupontConfirm },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { ...dupontConsultation, clients: ["Jeanne Roux +41795550199"] },
  },
  {
    name: "fr numéro seul à la question du nom, puis le nom",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Je voudrais une consultation demain à 10h", reply: "À quel nom dois-je réserver ?" },
      { say: "079.555.01.99", reply: /^À quel nom dois-je réserver \?$/ },
      { say: "Oui, Jeanne Roux", reply: dupontConfirm },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { ...dupontConsultation, clients: ["Jeanne Roux +41795550199"] },
  },
  {
    name: "fr nom seul, puis le numéro avec indicatif",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Je voudrais une consultation demain à 10h", reply: "À quel nom dois-je réserver ?" },
      { say: "c'est Jeanne Roux", reply: /^À quel numéro de téléphone peut-on vous joindre \?$/ },
      { say: "mon numéro c'est le 0041 79-555-01-99", reply: dupontConfirm },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { ...dupontConsultation, clients: ["Jeanne Roux +41795550199"] },
  },
  {
    name: "fr une date à la question du nom change l'heure et n'est pas prise pour un nom",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Je voudrais une consultation demain à 10h", reply: "À quel nom dois-je réserver ?" },
      { say: "le 08.01.2030 à 10h30", reply: "C'est noté. Mardi 8 janvier à 10h30, c'est disponible. À quel nom dois-je réserver ?" },
      { say: "Jeanne Roux, 079 555 01 99", reply: "Je récapitule : Consultation le mardi 8 janvier à 10h30, au nom de Jeanne Roux. Je confirme la réservation ?" },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 10:30-11:00 booked"], clients: ["Jeanne Roux +41795550199"] },
  },
];

describe("name and phone number, together or apart", () => {
  it.each(dialogues.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
