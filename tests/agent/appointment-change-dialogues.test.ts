import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";

/*
 * Callers with an appointment: moving it the way people say it ("de
 * mercredi à jeudi même heure", "push it back an hour", "later that day"),
 * a cancellation that turns into a move, and "when is my appointment?".
 * Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("appointment-change");
});
afterAll(async () => {
  await s?.close();
});

const yacineAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Yacine Haddad", phone: "+213551112233" } });
const liamAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Liam Chen", phone: "+14165550144" } });
const marieAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Marie Curie", phone: "+41791234567" } });

const changes: Dialogue[] = [
  {
    name: "fr 'de mercredi à jeudi même heure' moves it to Thursday at the same time",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "+213551112233",
    setup: [yacineAt("Coupe", "2030-01-09 10:00")],
    turns: [
      {
        say: "salut, je peux décaler mon rdv de mercredi à jeudi même heure ?",
        reply: "Je déplace votre rendez-vous Coupe du mercredi 9 janvier à 10h00 au jeudi 10 janvier à 10h00. Je confirme ?",
      },
      { say: "oui", reply: "C'est fait : votre rendez-vous Coupe est maintenant le jeudi 10 janvier à 10h00." },
    ],
    outcome: { appointments: ["Coupe 2030-01-10 10:00-10:30 booked"] },
  },
  {
    name: "en 'push it back an hour'",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550144",
    setup: [liamAt("Checkup", "2030-01-08 10:00")],
    turns: [
      {
        say: "I'm running late for tomorrow, can we push it back an hour?",
        reply: "I'll move your Checkup from Tuesday, January 8 at 10:00 AM to Tuesday, January 8 at 11:00 AM. Shall I confirm?",
      },
      { say: "yes", reply: "Done: your Checkup is now on Tuesday, January 8 at 11:00 AM." },
    ],
    outcome: { appointments: ["Checkup 2030-01-08 11:00-11:30 booked"] },
  },
  {
    name: "en 'later that day, like 3'",
    tenant: "maple-dental",
    channel: "whatsapp",
    callerPhone: "+14165550144",
    setup: [liamAt("Cleaning", "2030-01-09 09:00")],
    turns: [
      {
        say: "can i move my cleaning to later that day, like 3?",
        reply: "I'll move your Cleaning from Wednesday, January 9 at 9:00 AM to Wednesday, January 9 at 3:00 PM. Shall I confirm?",
      },
      { say: "yes please", reply: "Done: your Cleaning is now on Wednesday, January 9 at 3:00 PM." },
    ],
    outcome: { appointments: ["Cleaning 2030-01-09 15:00-15:45 booked"] },
  },
  {
    name: "fr can't come tomorrow, next week instead: a move, not a cancellation",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [marieAt("Consultation", "2030-01-08 10:00")],
    turns: [
      {
        say: "bonjour, je ne pourrai pas venir demain, on peut repousser à la semaine prochaine ?",
        reply: "Le lundi 14 janvier, je peux vous proposer 8h30, 8h45 ou 9h00. Lequel vous convient ?",
      },
      { say: "lundi 14h plutôt", reply: "Je déplace votre rendez-vous Consultation du mardi 8 janvier à 10h00 au lundi 14 janvier à 14h00. Je confirme ?" },
      { say: "parfait merci", reply: "C'est fait : votre rendez-vous Consultation est maintenant le lundi 14 janvier à 14h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-14 14:00-14:30 booked"] },
  },
  {
    name: "fr a new time at the cancellation question moves instead of cancelling",
    tenant: "cabinet-dupont",
    channel: "whatsapp",
    callerPhone: "+41791234567",
    setup: [marieAt("Consultation", "2030-01-08 10:00")],
    turns: [
      { say: "je dois annuler mon rdv de demain", reply: "Vous souhaitez annuler votre rendez-vous Consultation du mardi 8 janvier à 10h00, c'est bien cela ?" },
      { say: "ou alors jeudi 16h ?", reply: "Je déplace votre rendez-vous Consultation du mardi 8 janvier à 10h00 au jeudi 10 janvier à 16h00. Je confirme ?" },
      { say: "oui c'est mieux", reply: "C'est fait : votre rendez-vous Consultation est maintenant le jeudi 10 janvier à 16h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 16:00-16:30 booked"] },
  },
  {
    name: "fr when is my appointment",
    tenant: "cabinet-dupont",
    channel: "whatsapp",
    callerPhone: "+41791234567",
    setup: [marieAt("Consultation", "2030-01-08 10:00")],
    turns: [
      {
        say: "c'est à quelle heure mon rdv déjà ?",
        reply: "Bonjour Marie Curie, ravie de vous retrouver ! Votre prochain rendez-vous : Consultation le mardi 8 janvier à 10h00. Puis-je faire autre chose pour vous ?",
      },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 10:00-10:30 booked"] },
  },
  {
    name: "en when are my appointments, in English names",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "+213551112233",
    setup: [yacineAt("Coupe", "2030-01-09 10:00"), yacineAt("Coloration", "2030-01-12 14:00")],
    turns: [
      {
        say: "hi, when is my appointment?",
        reply: "Your upcoming appointments: Haircut on Wednesday, January 9 at 10:00 AM, Colouring on Saturday, January 12 at 2:00 PM. Anything else I can do for you?",
      },
    ],
    outcome: { appointments: ["Coupe 2030-01-09 10:00-10:30 booked", "Coloration 2030-01-12 14:00-15:30 booked"] },
  },
  {
    name: "en moving one of two, chosen by its day, earlier by half an hour",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550144",
    setup: [liamAt("Cleaning", "2030-01-09 10:00"), liamAt("Checkup", "2030-01-11 11:00")],
    turns: [
      {
        say: "can you move my wednesday appointment 30 minutes earlier",
        reply: "I'll move your Cleaning from Wednesday, January 9 at 10:00 AM to Wednesday, January 9 at 9:30 AM. Shall I confirm?",
      },
      { say: "yep", reply: "Done: your Cleaning is now on Wednesday, January 9 at 9:30 AM." },
    ],
    outcome: { appointments: ["Cleaning 2030-01-09 09:30-10:15 booked", "Checkup 2030-01-11 11:00-11:30 booked"] },
  },
];

describe("changing an appointment the way callers say it", () => {
  it.each(changes.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
