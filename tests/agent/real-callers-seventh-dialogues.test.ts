import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";

/*
 * Real callers, seventh set: urgency that is a booking, not an emergency;
 * cancelling and moving with several appointments or none; a stray "oui"
 * after an answer; a phone line being checked ("allô, vous m'entendez ?").
 * Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("real-callers-seventh");
});
afterAll(async () => {
  await s?.close();
});

const liamAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Liam Chen", phone: "+14165550144" } });
const marieAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Marie Curie", phone: "+41791234567" } });

const urgency: Dialogue[] = [
  {
    name: "fr 'pas d'urgence mais j'ai mal au dos' is a booking",
    tenant: "cabinet-dupont",
    turns: [{ say: "rien d'urgent mais j'ai mal au dos, une consultation cette semaine ?", reply: /^Très bien, pour Consultation\. Quel jour et à quelle heure \? Les prochains créneaux libres sont lundi 7 janvier à 8h30/ }],
    outcome: { appointments: [], handoff: false },
  },
  {
    name: "en 'I chipped a tooth, can I come in today?' gets today's slots",
    tenant: "maple-dental",
    turns: [{ say: "I chipped a tooth, can I come in for a checkup today?", reply: "On Monday, January 7 I can offer 9:00 AM, 9:15 AM or 9:30 AM." }],
    outcome: { appointments: [], handoff: false },
  },
];

const changes: Dialogue[] = [
  {
    name: "fr cancelling with no appointment on file",
    tenant: "cabinet-dupont",
    channel: "whatsapp",
    callerPhone: "+41790000001",
    turns: [{ say: "bonjour je veux annuler mon rdv de jeudi", reply: /Je ne trouve aucun rendez-vous à venir|À quel nom/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'can't make it tomorrow' with two appointments cancels tomorrow's",
    tenant: "maple-dental",
    channel: "whatsapp",
    callerPhone: "+14165550144",
    setup: [liamAt("Cleaning", "2030-01-08 10:00"), liamAt("Checkup", "2030-01-15 10:00")],
    turns: [
      { say: "hey I can't make it tomorrow", reply: "You'd like to cancel your Cleaning on Tuesday, January 8 at 10:00 AM, is that right?" },
      { say: "yeah", reply: "Done: your Cleaning on Tuesday, January 8 at 10:00 AM is cancelled." },
    ],
    outcome: { appointments: ["Cleaning 2030-01-08 10:00-10:45 cancelled", "Checkup 2030-01-15 10:00-10:30 booked"] },
  },
  {
    name: "en 'move my 10am to 2pm' on the same day",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550144",
    setup: [liamAt("Checkup", "2030-01-09 10:00")],
    turns: [
      { say: "can you move my 10am to 2pm?", reply: "I'll move your Checkup from Wednesday, January 9 at 10:00 AM to Wednesday, January 9 at 2:00 PM. Shall I confirm?" },
      { say: "yes please", reply: "Done: your Checkup is now on Wednesday, January 9 at 2:00 PM." },
    ],
    outcome: { appointments: ["Checkup 2030-01-09 14:00-14:30 booked"] },
  },
  {
    name: "en 'could we push my 9am to 11 instead?' on the same day",
    tenant: "maple-dental",
    channel: "whatsapp",
    callerPhone: "+14165550144",
    setup: [liamAt("Cleaning", "2030-01-10 09:00")],
    turns: [{ say: "could we push my 9am to 11 instead?", reply: "I'll move your Cleaning from Thursday, January 10 at 9:00 AM to Thursday, January 10 at 11:00 AM. Shall I confirm?" }],
    outcome: { appointments: ["Cleaning 2030-01-10 09:00-09:45 booked"] },
  },
  {
    name: "fr 'mon rdv de 16h, je peux le mettre à 17h ?'",
    tenant: "cabinet-dupont",
    channel: "whatsapp",
    callerPhone: "+41791234567",
    setup: [marieAt("Consultation", "2030-01-10 16:00")],
    turns: [{ say: "je voudrais décaler mon rdv de 16h à 17h svp", reply: "Je déplace votre rendez-vous Consultation du jeudi 10 janvier à 16h00 au jeudi 10 janvier à 17h00. Je confirme ?" }],
    outcome: { appointments: ["Consultation 2030-01-10 16:00-16:30 booked"] },
  },
  {
    name: "fr 'je peux venir plus tôt ?' asks when",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [marieAt("Consultation", "2030-01-10 16:00")],
    turns: [{ say: "bonjour, est-ce que je pourrais avancer mon rendez-vous ?", reply: "Votre rendez-vous Consultation est prévu le jeudi 10 janvier à 16h00. Pour quand souhaitez-vous le déplacer ?" }],
    outcome: { appointments: ["Consultation 2030-01-10 16:00-16:30 booked"] },
  },
];

const stray: Dialogue[] = [
  {
    name: "fr 'allô, vous m'entendez ?' on the phone",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791110000",
    turns: [{ say: "allô ? allô, vous m'entendez ?", reply: /comment puis-je vous aider/i }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'y a quelqu'un ?' on the chat",
    tenant: "salon-amel",
    turns: [{ say: "bonjour, y a quelqu'un ?", reply: "Salon Amel, bonjour ! Ici Lina, que puis-je faire pour vous ?" }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'hello? can you hear me?' on the phone",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550000",
    turns: [{ say: "hello? can you hear me?", reply: /how can I help/i }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'ok' as a first message asks how to help",
    tenant: "maple-dental",
    turns: [{ say: "ok", reply: /how can I help|didn't quite get/i }],
    outcome: { appointments: [] },
  },
];

const groups: Array<[string, Dialogue[]]> = [
  ["urgency that is a booking", urgency],
  ["changes with several appointments or none", changes],
  ["a stray yes, a line being checked", stray],
];

for (const [title, dialogues] of groups) {
  describe(title, () => {
    it.each(dialogues.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
  });
}
