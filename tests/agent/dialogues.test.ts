import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("dialogues");
});
afterAll(async () => {
  await s?.close();
});

const marie = { client: { name: "Marie Curie", phone: "+41791234567" } } satisfies Fixture;
const marieAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Marie Curie", phone: "+41791234567" } });
const yacineAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Yacine Haddad", phone: "+213551112233" } });
const liamAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Liam Chen", phone: "+14165550144" } });

// Monday 2030-01-07, 08:00 on each tenant's wall clock.
const dupont: Dialogue[] = [
  {
    name: "fr hours",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Quels sont vos horaires d'ouverture ?",
        reply:
          "Nous sommes ouverts du lundi au vendredi de 8h30 à 12h00 et de 13h30 à 18h00, le samedi de 9h00 à 12h00 ; fermé le dimanche.",
      },
    ],
    outcome: { appointments: [], clients: [] },
  },
  {
    name: "fr address",
    tenant: "cabinet-dupont",
    turns: [{ say: "Quelle est votre adresse ?", reply: "L'adresse de Cabinet Dr Dupont : Rue du Rhône 42, 1204 Genève." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr faq new patients",
    tenant: "cabinet-dupont",
    turns: [{ say: "Vous prenez des nouveaux patients ?", reply: "Oui, le cabinet accepte de nouveaux patients." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr faq parking",
    tenant: "cabinet-dupont",
    turns: [{ say: "Où est-ce qu'on peut se garer ?", reply: "Le parking Mont-Blanc est à deux minutes à pied." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr web booking happy path",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Bonjour", reply: "Cabinet du Dr Dupont, bonjour ! Ici Camille, comment puis-je vous aider ?" },
      {
        say: "Je voudrais prendre rendez-vous pour une consultation demain à 10h",
        reply: "Mardi 8 janvier à 10h00, c'est disponible. À quel nom dois-je réserver ?",
      },
      { say: "Marie Curie", reply: "À quel numéro de téléphone peut-on vous joindre ?" },
      {
        say: "079 123 45 67",
        reply: "Je récapitule : Consultation le mardi 8 janvier à 10h00, au nom de Marie Curie. Je confirme la réservation ?",
      },
      { say: "oui", reply: "C'est réservé : Consultation le mardi 8 janvier à 10h00. À bientôt !" },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 10:00-10:30 booked"], clients: ["Marie Curie +41791234567"] },
  },
  {
    name: "fr voice booking by synonym, next tuesday around 15h30",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791112233",
    turns: [
      { say: "Je voudrais un bilan mardi prochain vers 15h30", reply: "Mardi 8 janvier à 15h30, c'est disponible. À quel nom" },
      { say: "Je m'appelle Jean Dupuis", reply: "Je récapitule : Bilan de santé le mardi 8 janvier à 15h30, au nom de Jean Dupuis." },
      { say: "d'accord", reply: "C'est réservé : Bilan de santé le mardi 8 janvier à 15h30." },
    ],
    outcome: { appointments: ["Bilan de santé 2030-01-08 15:30-16:30 booked"], clients: ["Jean Dupuis +41791112233"] },
  },
  {
    name: "fr taken slot offers the three nearest, caller takes the second",
    tenant: "cabinet-dupont",
    setup: [{ appointment: { service: "Consultation", at: "2030-01-08 10:00", name: "Fixture", phone: "+41790000001" } }],
    turns: [
      {
        say: "Une consultation mardi à 10h",
        reply: "Le mardi 8 janvier à 10h00 est déjà pris. Je peux vous proposer mardi 8 janvier à 9h30, 10h30 ou 10h45. Lequel préférez-vous ?",
      },
      { say: "la deuxième", reply: "À quel nom dois-je réserver ?" },
      { say: "Anne Martin", reply: "À quel numéro" },
      { say: "0791234568", reply: "Consultation le mardi 8 janvier à 10h30, au nom de Anne Martin" },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: {
      appointments: ["Consultation 2030-01-08 10:00-10:30 booked", "Consultation 2030-01-08 10:30-11:00 booked"],
      clients: ["Anne Martin +41791234568", "Fixture +41790000001"],
    },
  },
  {
    name: "fr closed day (Sunday), caller picks a time among the offers and gives name and phone at once",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Je voudrais une consultation dimanche à 10h",
        reply: "Nous sommes fermés le dimanche 13 janvier à 10h00. Je peux vous proposer lundi 14 janvier à 9h45, 10h00 ou 10h15.",
      },
      { say: "10h15", reply: "À quel nom dois-je réserver ?" },
      { say: "Paul Durand, 079 111 22 33", reply: "Je récapitule : Consultation le lundi 14 janvier à 10h15, au nom de Paul Durand." },
      { say: "Oui, c'est parfait", reply: "C'est réservé : Consultation le lundi 14 janvier à 10h15." },
    ],
    outcome: { appointments: ["Consultation 2030-01-14 10:15-10:45 booked"], clients: ["Paul Durand +41791112233"] },
  },
  {
    name: "fr past time is refused with the next slots, caller declines twice",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Une consultation aujourd'hui à 7h",
        reply: "Lundi 7 janvier à 7h00, c'est déjà passé. Je peux vous proposer lundi 7 janvier à 8h30, 8h45 ou 9h00.",
      },
      { say: "non", reply: "D'accord. Quel autre jour ou quelle autre heure vous conviendrait ?" },
      { say: "non", reply: "Très bien. N'hésitez pas si vous avez besoin d'autre chose." },
    ],
    outcome: { appointments: [], clients: [] },
  },
  {
    name: "fr lunch break is closed, nearest on both sides",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Consultation aujourd'hui à 12h30",
        reply: "Nous sommes fermés le lundi 7 janvier à 12h30. Je peux vous proposer lundi 7 janvier à 11h30, 13h30 ou 13h45.",
      },
      { say: "la première", reply: "À quel nom" },
      { say: "Sophie Bernard", reply: "téléphone" },
      { say: "+41 79 555 44 33", reply: "Consultation le lundi 7 janvier à 11h30" },
      { say: "ok", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-07 11:30-12:00 booked"], clients: ["Sophie Bernard +41795554433"] },
  },
  {
    name: "fr declined confirmation books nothing",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791110000",
    turns: [
      { say: "Je voudrais une consultation jeudi à 9h", reply: "Jeudi 10 janvier à 9h00, c'est disponible. À quel nom" },
      { say: "Luc Martin", reply: "Consultation le jeudi 10 janvier à 9h00, au nom de Luc Martin. Je confirme la réservation ?" },
      { say: "non", reply: "Très bien, je n'ai rien réservé. Souhaitez-vous un autre horaire ?" },
      { say: "Non merci", reply: "N'hésitez pas si vous avez besoin d'autre chose." },
    ],
    outcome: { appointments: [], clients: ["Luc Martin +41791110000"] },
  },
  {
    name: "fr unknown service lists the offer, then books the first free slot",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Je voudrais réserver un massage",
        reply: "Nous ne proposons pas de massage. Nous proposons : Bilan de santé ou Consultation. Laquelle souhaitez-vous ?",
      },
      {
        say: "Une consultation alors",
        reply: "Très bien, pour Consultation. Quel jour et à quelle heure ? Les prochains créneaux libres sont lundi 7 janvier à 8h30, 8h45 ou 9h00.",
      },
      { say: "la première", reply: "À quel nom" },
      { say: "Claire Petit", reply: "téléphone" },
      { say: "0791234569", reply: "Consultation le lundi 7 janvier à 8h30, au nom de Claire Petit" },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-07 08:30-09:00 booked"], clients: ["Claire Petit +41791234569"] },
  },
  {
    name: "fr cancel by caller id, returning client greeted",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [marieAt("Consultation", "2030-01-08 10:00")],
    turns: [
      {
        say: "Bonjour, je voudrais annuler mon rendez-vous",
        reply:
          "Bonjour Marie Curie, ravie de vous retrouver ! Vous souhaitez annuler votre rendez-vous Consultation du mardi 8 janvier à 10h00, c'est bien cela ?",
      },
      { say: "oui", reply: "C'est fait : votre rendez-vous Consultation du mardi 8 janvier à 10h00 est annulé." },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 10:00-10:30 cancelled"], clients: ["Marie Curie +41791234567"] },
  },
  {
    name: "fr cancel declined keeps the appointment",
    tenant: "cabinet-dupont",
    channel: "whatsapp",
    callerPhone: "+41791234567",
    setup: [marieAt("Consultation", "2030-01-08 10:00")],
    turns: [
      { say: "Il faut que j'annule mon rdv", reply: "Vous souhaitez annuler votre rendez-vous Consultation du mardi 8 janvier à 10h00" },
      { say: "Non, finalement je viendrai", reply: "D'accord, je conserve votre rendez-vous." },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 10:00-10:30 booked"] },
  },
  {
    name: "fr move to a free time said in the first message",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [marieAt("Consultation", "2030-01-08 10:00")],
    turns: [
      {
        say: "Je voudrais déplacer mon rendez-vous à jeudi 14h",
        reply:
          "Bonjour Marie Curie, ravie de vous retrouver ! Je déplace votre rendez-vous Consultation du mardi 8 janvier à 10h00 au jeudi 10 janvier à 14h00. Je confirme ?",
      },
      { say: "oui", reply: "C'est fait : votre rendez-vous Consultation est maintenant le jeudi 10 janvier à 14h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 14:00-14:30 booked"] },
  },
  {
    name: "fr move to a taken time offers alternatives",
    tenant: "cabinet-dupont",
    channel: "whatsapp",
    callerPhone: "+41791234567",
    setup: [
      marieAt("Consultation", "2030-01-08 10:00"),
      { appointment: { service: "Consultation", at: "2030-01-10 14:00", name: "Fixture", phone: "+41790000001" } },
    ],
    turns: [
      {
        say: "Pouvez-vous décaler mon rendez-vous à jeudi 14h ?",
        reply: "Le jeudi 10 janvier à 14h00 est déjà pris. Je peux vous proposer jeudi 10 janvier à 13h30, 14h30 ou 14h45.",
      },
      { say: "14h30", reply: "Je déplace votre rendez-vous Consultation du mardi 8 janvier à 10h00 au jeudi 10 janvier à 14h30. Je confirme ?" },
      { say: "oui", reply: "maintenant le jeudi 10 janvier à 14h30" },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 14:00-14:30 booked", "Consultation 2030-01-10 14:30-15:00 booked"] },
  },
  {
    name: "fr web cancel finds the appointment by name",
    tenant: "cabinet-dupont",
    setup: [marieAt("Consultation", "2030-01-08 10:00")],
    turns: [
      { say: "Je souhaite annuler mon rendez-vous", reply: "À quel nom est le rendez-vous ?" },
      { say: "marie curie", reply: "Vous souhaitez annuler votre rendez-vous Consultation du mardi 8 janvier à 10h00" },
      { say: "oui", reply: "est annulé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 10:00-10:30 cancelled"] },
  },
  {
    name: "fr several appointments: caller picks the second",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [marieAt("Consultation", "2030-01-08 10:00"), marieAt("Bilan de santé", "2030-01-10 09:00")],
    turns: [
      {
        say: "Je veux annuler un rendez-vous",
        reply:
          "Vous avez plusieurs rendez-vous : 1) Consultation le mardi 8 janvier à 10h00, 2) Bilan de santé le jeudi 10 janvier à 9h00. Lequel est concerné ?",
      },
      { say: "le deuxième", reply: "Vous souhaitez annuler votre rendez-vous Bilan de santé du jeudi 10 janvier à 9h00" },
      { say: "oui", reply: "est annulé" },
    ],
    outcome: {
      appointments: ["Consultation 2030-01-08 10:00-10:30 booked", "Bilan de santé 2030-01-10 09:00-10:00 cancelled"],
    },
  },
  {
    name: "fr handoff on request (web)",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Je voudrais parler à quelqu'un",
        reply: "Je transmets votre demande à un membre de l'équipe, qui vous répondra dès que possible.",
      },
    ],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "fr handoff on voice gives the transfer number",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41790001122",
    turns: [{ say: "Passez-moi la réceptionniste s'il vous plaît", reply: "Je vous passe un membre de l'équipe, ne quittez pas." }],
    outcome: { handoff: true, transferPhone: "+41225550100" },
  },
  {
    name: "fr two misunderstandings in a row hand off",
    tenant: "cabinet-dupont",
    turns: [
      { say: "azerty", reply: "Pardon, je n'ai pas bien compris." },
      { say: "qsdfgh", reply: "Je ne suis pas sûre de bien comprendre. Je transmets votre demande à un membre de l'équipe" },
    ],
    outcome: { handoff: true },
  },
  {
    name: "fr an understood turn resets the misunderstanding count",
    tenant: "cabinet-dupont",
    turns: [
      { say: "azerty", reply: "Pardon, je n'ai pas bien compris." },
      { say: "Vous êtes ouverts quand ?", reply: "Nous sommes ouverts du lundi au vendredi" },
      { say: "qsdfgh", reply: "Pardon, je n'ai pas bien compris." },
    ],
    outcome: { handoff: false, status: "open" },
  },
  {
    name: "fr returning client is greeted by name",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [marie],
    turns: [{ say: "Bonjour", reply: "Bonjour Marie Curie, ravie de vous retrouver ! Comment puis-je vous aider ?" }],
    outcome: { clients: ["Marie Curie +41791234567"] },
  },
  {
    name: "fr returning client books without being asked name or phone",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [marie],
    turns: [
      {
        say: "Je voudrais une consultation demain à 9h",
        reply:
          "Bonjour Marie Curie, ravie de vous retrouver ! Je récapitule : Consultation le mardi 8 janvier à 9h00, au nom de Marie Curie. Je confirme la réservation ?",
      },
      { say: "oui", reply: "C'est réservé : Consultation le mardi 8 janvier à 9h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 09:00-09:30 booked"], clients: ["Marie Curie +41791234567"] },
  },
  {
    name: "fr duplicate provider message ids are answered once",
    tenant: "cabinet-dupont",
    channel: "whatsapp",
    callerPhone: "+41791239999",
    turns: [
      { say: "Bonjour, une consultation demain à 11h", reply: "Mardi 8 janvier à 11h00, c'est disponible.", messageId: "SM-A" },
      { say: "Bonjour, une consultation demain à 11h", reply: "Mardi 8 janvier à 11h00, c'est disponible.", messageId: "SM-A", duplicate: true },
      { say: "Léa Roux", reply: "Je récapitule : Consultation le mardi 8 janvier à 11h00, au nom de Léa Roux.", messageId: "SM-B" },
      { say: "oui", reply: "C'est réservé", messageId: "SM-C" },
      { say: "oui", reply: "C'est réservé", messageId: "SM-C", duplicate: true },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 11:00-11:30 booked"], clients: ["Léa Roux +41791239999"], usageEvents: 3 },
  },
  {
    name: "fr 'le 12 à 9h' is Saturday the 12th",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Je voudrais une consultation le 12 à 9h", reply: "Samedi 12 janvier à 9h00, c'est disponible." },
      { say: "Paul Roux", reply: "téléphone" },
      { say: "+41 79 222 33 44", reply: "Consultation le samedi 12 janvier à 9h00, au nom de Paul Roux" },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-12 09:00-09:30 booked"] },
  },
  {
    name: "switches to English for an English-speaking caller at a French tenant",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Hello, I'd like a consultation tomorrow morning",
        reply: "On Tuesday, January 8 I can offer 8:30 AM, 8:45 AM or 9:00 AM. Which one suits you?",
      },
      { say: "the third one", reply: "What name should I put the booking under?" },
      { say: "Emma Stone", reply: "What phone number can we reach you on?" },
      { say: "079 333 44 55", reply: "To confirm: Consultation on Tuesday, January 8 at 9:00 AM, under the name Emma Stone. Shall I book it?" },
      { say: "yes", reply: "You're booked: Consultation on Tuesday, January 8 at 9:00 AM." },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 09:00-09:30 booked"] },
  },
  {
    name: "fr closures are announced and refused",
    tenant: "cabinet-dupont",
    setup: [{ closure: { from: "2030-01-09", to: "2030-01-10", reason: "Congrès" } }],
    turns: [
      { say: "Quels sont vos horaires ?", reply: "Fermeture exceptionnelle : du mercredi 9 janvier au jeudi 10 janvier." },
      {
        say: "Et une consultation mercredi à 10h ?",
        reply: "Nous sommes fermés le mercredi 9 janvier à 10h00. Je peux vous proposer mardi 8 janvier à 9h45, 10h00 ou 10h15.",
      },
      { say: "non", reply: "Quel autre jour ou quelle autre heure" },
      { say: "vendredi à 10h", reply: "Vendredi 11 janvier à 10h00, c'est disponible. À quel nom" },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr caller changes the time at the confirmation step",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234567",
    setup: [marie],
    turns: [
      { say: "Une consultation demain à 10h", reply: "Consultation le mardi 8 janvier à 10h00, au nom de Marie Curie" },
      { say: "Non, plutôt 11h", reply: "Consultation le mardi 8 janvier à 11h00, au nom de Marie Curie. Je confirme la réservation ?" },
      { say: "oui", reply: "C'est réservé : Consultation le mardi 8 janvier à 11h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 11:00-11:30 booked"] },
  },
  {
    name: "fr a question in the middle of a booking is answered and the booking resumes",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Je voudrais un bilan",
        reply: "Très bien, pour Bilan de santé. Quel jour et à quelle heure ? Les prochains créneaux libres sont lundi 7 janvier à 8h30, 8h45 ou 9h00.",
      },
      { say: "Où peut-on se garer ?", reply: /^Le parking Mont-Blanc est à deux minutes à pied\. Très bien, pour Bilan de santé/ },
      { say: "demain à 9h", reply: "Mardi 8 janvier à 9h00, c'est disponible." },
      { say: "Hugo Blanc", reply: "téléphone" },
      { say: "0794445566", reply: "Bilan de santé le mardi 8 janvier à 9h00, au nom de Hugo Blanc" },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Bilan de santé 2030-01-08 09:00-10:00 booked"] },
  },
  {
    name: "fr a day without a time gets that day's first free slots",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Avez-vous de la disponibilité lundi pour un bilan ?", reply: "Le lundi 14 janvier, je peux vous proposer 8h30, 8h45 ou 9h00. Lequel vous convient ?" },
      { say: "9h", reply: "À quel nom dois-je réserver ?" },
    ],
    outcome: { appointments: [] },
  },
];

const salon: Dialogue[] = [
  {
    name: "en hours",
    tenant: "salon-amel",
    turns: [{ say: "What are your opening hours?", reply: "We are open Tuesday to Saturday 9:00 AM–7:00 PM; closed Monday and Sunday." }],
    outcome: { appointments: [] },
  },
  {
    name: "en faq walk-ins",
    tenant: "salon-amel",
    turns: [{ say: "Do you take walk-ins?", reply: "Yes, when a chair is free; booking is recommended." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr faq that reads like a booking",
    tenant: "salon-amel",
    turns: [{ say: "Faut-il réserver ?", reply: "Nous recommandons de réserver, mais nous prenons aussi sans rendez-vous." }],
    outcome: { appointments: [] },
  },
  {
    name: "en whatsapp booking by synonym uses the profile name and caller id",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "whatsapp:+213551234567",
    client: { phone: "+213551234567", name: "Sara" },
    turns: [
      {
        say: "Hi, can I book a colouring next Friday at 2pm?",
        reply: "To confirm: Colouring on Friday, January 11 at 2:00 PM, under the name Sara. Shall I book it?",
      },
      { say: "yes", reply: "You're booked: Colouring on Friday, January 11 at 2:00 PM. See you then!" },
    ],
    outcome: { appointments: ["Coloration 2030-01-11 14:00-15:30 booked"], clients: ["Sara +213551234567"] },
  },
  {
    name: "fr closed Monday offers Tuesday",
    tenant: "salon-amel",
    turns: [
      {
        say: "Une coupe aujourd'hui à 10h",
        reply: "Nous sommes fermés le lundi 7 janvier à 10h00. Je peux vous proposer mardi 8 janvier à 9h45, 10h00 ou 10h15.",
      },
      { say: "la première", reply: "À quel nom" },
      { say: "Nadia", reply: "téléphone" },
      { say: "0551 23 45 67", reply: "Coupe le mardi 8 janvier à 9h45, au nom de Nadia" },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coupe 2030-01-08 09:45-10:15 booked"], clients: ["Nadia +213551234567"] },
  },
  {
    name: "switches from French to English mid-conversation",
    tenant: "salon-amel",
    turns: [
      { say: "Bonjour", reply: "Salon Amel, bonjour ! Ici Lina, que puis-je faire pour vous ?" },
      { say: "Sorry, do you speak English? Where are you located?", reply: "Salon Amel is at 12 rue Didouche Mourad, Alger." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en 'the second one' among afternoon offers",
    tenant: "salon-amel",
    turns: [
      {
        say: "I'd like a haircut tomorrow afternoon",
        reply: "On Tuesday, January 8 I can offer 12:00 PM, 12:15 PM or 12:30 PM. Which one suits you?",
      },
      { say: "the second one", reply: "What name should I put the booking under?" },
      { say: "Karim Benali", reply: "What phone number can we reach you on?" },
      { say: "0551 98 76 54", reply: "To confirm: Haircut on Tuesday, January 8 at 12:15 PM, under the name Karim Benali." },
      { say: "sure", reply: "You're booked" },
    ],
    outcome: { appointments: ["Coupe 2030-01-08 12:15-12:45 booked"], clients: ["Karim Benali +213551987654"] },
  },
  {
    name: "en handoff on request",
    tenant: "salon-amel",
    turns: [{ say: "Can I talk to a human?", reply: "I'm passing your request to a member of the team" }],
    outcome: { handoff: true },
  },
  {
    name: "en move by caller id, returning client",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "+213551112233",
    setup: [yacineAt("Coupe", "2030-01-09 10:00")],
    turns: [
      {
        say: "Hello, I need to reschedule my appointment",
        reply:
          "Hello Yacine Haddad, nice to hear from you again! Your Haircut is on Wednesday, January 9 at 10:00 AM. When would you like to move it to?",
      },
      {
        say: "Saturday at 11am",
        reply: "I'll move your Haircut from Wednesday, January 9 at 10:00 AM to Saturday, January 12 at 11:00 AM. Shall I confirm?",
      },
      { say: "yes", reply: "Done: your Haircut is now on Saturday, January 12 at 11:00 AM." },
    ],
    outcome: { appointments: ["Coupe 2030-01-12 11:00-11:30 booked"] },
  },
  {
    name: "fr cancel when the caller cannot come",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "+213551112233",
    setup: [yacineAt("Coloration", "2030-01-09 10:00")],
    turns: [
      {
        say: "Je ne pourrai pas venir, pouvez-vous annuler mon rendez-vous ?",
        reply:
          "Bonjour Yacine Haddad, ravie de vous retrouver ! Vous souhaitez annuler votre rendez-vous Coloration du mercredi 9 janvier à 10h00, c'est bien cela ?",
      },
      { say: "oui", reply: "C'est fait : votre rendez-vous Coloration du mercredi 9 janvier à 10h00 est annulé." },
    ],
    outcome: { appointments: ["Coloration 2030-01-09 10:00-11:30 cancelled"] },
  },
];

const maple: Dialogue[] = [
  {
    name: "en hours (maple)",
    tenant: "maple-dental",
    turns: [{ say: "What are your hours?", reply: "We are open Monday to Friday 9:00 AM–5:00 PM; closed Saturday and Sunday." }],
    outcome: { appointments: [] },
  },
  {
    name: "en address",
    tenant: "maple-dental",
    turns: [{ say: "Where are you located?", reply: "Maple Dental is at 200 King St W, Toronto, ON M5H 3T4." }],
    outcome: { appointments: [] },
  },
  {
    name: "en faq insurance",
    tenant: "maple-dental",
    turns: [{ say: "Do you accept insurance?", reply: "We bill most major insurers directly." }],
    outcome: { appointments: [] },
  },
  {
    name: "en faq parking",
    tenant: "maple-dental",
    turns: [{ say: "Is there parking nearby?", reply: "Paid parking is available under the building." }],
    outcome: { appointments: [] },
  },
  {
    name: "en web booking 'today at 4' by synonym",
    tenant: "maple-dental",
    turns: [
      { say: "Can I get an exam today at 4?", reply: "Monday, January 7 at 4:00 PM is available. What name should I put the booking under?" },
      { say: "Tom Hardy", reply: "What phone number can we reach you on?" },
      { say: "416-555-0199", reply: "To confirm: Checkup on Monday, January 7 at 4:00 PM, under the name Tom Hardy. Shall I book it?" },
      { say: "yes please", reply: "You're booked: Checkup on Monday, January 7 at 4:00 PM. See you then!" },
    ],
    outcome: { appointments: ["Checkup 2030-01-07 16:00-16:30 booked"], clients: ["Tom Hardy +14165550199"] },
  },
  {
    name: "en past time",
    tenant: "maple-dental",
    turns: [
      {
        say: "I'd like a checkup today at 7am",
        reply: "Monday, January 7 at 7:00 AM has already passed. I can offer Monday, January 7 at 9:00 AM, 9:15 AM or 9:30 AM. Which would you prefer?",
      },
      { say: "9:15", reply: "What name should I put the booking under?" },
      { say: "Ann Lee", reply: "phone number" },
      { say: "(416) 555-0142", reply: "Checkup on Monday, January 7 at 9:15 AM, under the name Ann Lee" },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-07 09:15-09:45 booked"] },
  },
  {
    name: "en weekend is closed, nearest weekday offered",
    tenant: "maple-dental",
    turns: [
      {
        say: "A cleaning on Saturday at 10",
        reply: "We are closed on Saturday, January 12 at 10:00 AM. I can offer Friday, January 11 at 9:45 AM, 10:00 AM or 10:15 AM.",
      },
      { say: "no", reply: "Sure. Which other day or time would suit you?" },
      { say: "Monday at 10", reply: "Monday, January 14 at 10:00 AM is available." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr at an English tenant",
    tenant: "maple-dental",
    turns: [
      { say: "Bonjour, je voudrais un rendez-vous", reply: "Avec plaisir. Pour quelle prestation ? Nous proposons : Examen de contrôle ou Nettoyage dentaire." },
      {
        say: "Un cleaning",
        reply: "Très bien, pour Nettoyage dentaire. Quel jour et à quelle heure ? Les prochains créneaux libres sont lundi 7 janvier à 9h00, 9h15 ou 9h30.",
      },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en two misunderstandings during a booking hand off",
    tenant: "maple-dental",
    turns: [
      { say: "I want to book a checkup tomorrow at 10", reply: "Tuesday, January 8 at 10:00 AM is available. What name" },
      { say: "???", reply: "Sorry, I didn't quite get that. Could you give me your name again?" },
      { say: "12345", reply: "I'm not sure I understand. I'm passing your request to a member of the team" },
    ],
    outcome: { appointments: [], handoff: true },
  },
  {
    name: "en voice transfer on request",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550111",
    turns: [{ say: "Can you transfer me to the receptionist?", reply: "I'll put you through to a member of the team, please hold." }],
    outcome: { handoff: true, transferPhone: "+14165550100" },
  },
  {
    name: "en duplicate whatsapp message",
    tenant: "maple-dental",
    channel: "whatsapp",
    callerPhone: "+14165550122",
    turns: [
      { say: "Hi! What are your hours?", reply: "We are open Monday to Friday", messageId: "SM-1" },
      { say: "Hi! What are your hours?", reply: "We are open Monday to Friday", messageId: "SM-1", duplicate: true },
      { say: "Thanks, bye", reply: "Thank you for calling, goodbye!", messageId: "SM-2" },
    ],
    outcome: { usageEvents: 2 },
  },
  {
    name: "en earliest available",
    tenant: "maple-dental",
    turns: [
      {
        say: "What's the earliest you have for a cleaning?",
        reply: "For Cleaning, the first free slots are Monday, January 7 at 9:00 AM, 9:15 AM or 9:30 AM. Which one suits you?",
      },
      { say: "the first one", reply: "What name" },
      { say: "Zoe Park", reply: "phone number" },
      { say: "416 555 0188", reply: "Cleaning on Monday, January 7 at 9:00 AM, under the name Zoe Park" },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Cleaning 2030-01-07 09:00-09:45 booked"] },
  },
  {
    name: "en declined confirmation",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550133",
    turns: [
      { say: "I'd like to book a checkup on Wednesday at 11am", reply: "Wednesday, January 9 at 11:00 AM is available. What name" },
      { say: "My name is Bob Ray", reply: "To confirm: Checkup on Wednesday, January 9 at 11:00 AM, under the name Bob Ray. Shall I book it?" },
      { say: "no", reply: "All right, I haven't booked anything. Would you like another time?" },
      { say: "no thanks", reply: "Don't hesitate if you need anything else." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en cancel on whatsapp",
    tenant: "maple-dental",
    channel: "whatsapp",
    callerPhone: "+14165550144",
    setup: [liamAt("Cleaning", "2030-01-10 15:00")],
    turns: [
      {
        say: "I can't make it, please cancel my appointment",
        reply: "Hello Liam Chen, nice to hear from you again! You'd like to cancel your Cleaning on Thursday, January 10 at 3:00 PM, is that right?",
      },
      { say: "yes", reply: "Done: your Cleaning on Thursday, January 10 at 3:00 PM is cancelled." },
    ],
    outcome: { appointments: ["Cleaning 2030-01-10 15:00-15:45 cancelled"] },
  },
  {
    name: "en move the one of several named by its day",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550144",
    setup: [liamAt("Cleaning", "2030-01-09 09:00"), liamAt("Checkup", "2030-01-11 11:00")],
    turns: [
      {
        say: "I'd like to move my appointment on Friday",
        reply: "Your Checkup is on Friday, January 11 at 11:00 AM. When would you like to move it to?",
      },
      {
        say: "Friday at 2pm",
        reply: "I'll move your Checkup from Friday, January 11 at 11:00 AM to Friday, January 11 at 2:00 PM. Shall I confirm?",
      },
      { say: "yes", reply: "Done: your Checkup is now on Friday, January 11 at 2:00 PM." },
    ],
    outcome: { appointments: ["Cleaning 2030-01-09 09:00-09:45 booked", "Checkup 2030-01-11 14:00-14:30 booked"] },
  },
];

describe("cabinet-dupont (Europe/Zurich, fr)", () => {
  it.each(dupont.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("salon-amel (Africa/Algiers, fr + en)", () => {
  it.each(salon.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("maple-dental (America/Toronto, en)", () => {
  it.each(maple.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
