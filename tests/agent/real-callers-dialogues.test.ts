import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue, type Fixture } from "./dialogue-runner";

/*
 * Callers as they really write and talk: several facts in one breath, SMS
 * spelling, no accents, small talk around the request, changes of mind,
 * questions in the middle of a booking, regional French (Québec, Belgium,
 * Switzerland), Algerian callers mixing French and English, numbers in words,
 * relative and vague times, refusals, off-topic questions, emergencies,
 * foreign phone numbers and a stray "oui". Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("real-callers");
});
afterAll(async () => {
  await s?.close();
});

const marieAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Marie Curie", phone: "+41791234567" } });
const liamAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Liam Chen", phone: "+14165550144" } });
const yacineAt = (service: string, at: string): Fixture => ({ appointment: { service, at, name: "Yacine Haddad", phone: "+213551112233" } });

const oneBreath: Dialogue[] = [
  {
    name: "fr name, phone, service and approximate time in one message",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Bonjour, Marie Dubois, 079 555 12 34, je voudrais une consultation jeudi vers 14h",
        reply: /Consultation le jeudi 10 janvier à 14h00, au nom de Marie Dubois\. Je confirme la réservation \?$/,
      },
      { say: "oui parfait", reply: "C'est réservé : Consultation le jeudi 10 janvier à 14h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 14:00-14:30 booked"], clients: ["Marie Dubois +41795551234"] },
  },
  {
    name: "en name, bracketed number and '2.30pm' in one message",
    tenant: "maple-dental",
    turns: [
      {
        say: "Hi! My name's Tom Baker, my number is (416) 555-0123. Could I book a checkup Tuesday at 2.30pm?",
        reply: /^To confirm: Checkup on Tuesday, January 8 at 2:30 PM, under the name Tom Baker\. Shall I book it\?$/,
      },
      { say: "yes please", reply: "You're booked: Checkup on Tuesday, January 8 at 2:30 PM." },
    ],
    outcome: { appointments: ["Checkup 2030-01-08 14:30-15:00 booked"], clients: ["Tom Baker +14165550123"] },
  },
  {
    name: "fr Algiers: salam, first name, number and a colour on Saturday morning",
    tenant: "salon-amel",
    turns: [
      {
        say: "salam, c Yasmine, 0550 12 34 56, je veux une couleur samedi matin svp",
        reply: "Le samedi 12 janvier, je peux vous proposer 9h00, 9h15 ou 9h30.",
      },
      { say: "9h30", reply: /^Je récapitule : Coloration le samedi 12 janvier à 9h30, au nom de Yasmine\./ },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coloration 2030-01-12 09:30-11:00 booked"], clients: ["Yasmine +213550123456"] },
  },
  {
    name: "en everything at once, service last",
    tenant: "maple-dental",
    turns: [
      {
        say: "this is Priya Patel 647-555-0188, Friday 11am works for me, it's for a cleaning",
        reply: /^To confirm: Cleaning on Friday, January 11 at 11:00 AM, under the name Priya Patel\./,
      },
      { say: "yup", reply: "You're booked" },
    ],
    outcome: { appointments: ["Cleaning 2030-01-11 11:00-11:45 booked"], clients: ["Priya Patel +16475550188"] },
  },
];

const smsStyle: Dialogue[] = [
  {
    name: "fr 'jvoudrais un rdv demain aprem'",
    tenant: "cabinet-dupont",
    turns: [
      { say: "jvoudrais un rdv demain aprem", reply: "Pour quelle prestation ? Nous proposons : Bilan de santé ou Consultation." },
      { say: "une consult", reply: "Le mardi 8 janvier, je peux vous proposer 13h30, 13h45 ou 14h00." },
      { say: "14h", reply: "À quel nom dois-je réserver ?" },
      { say: "Luc Martin", reply: "À quel numéro" },
      { say: "0791234500", reply: "Je récapitule : Consultation le mardi 8 janvier à 14h00, au nom de Luc Martin." },
      { say: "ok", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 14:00-14:30 booked"], clients: ["Luc Martin +41791234500"] },
  },
  {
    name: "fr 'c possible demain aprem pour une coupe?'",
    tenant: "salon-amel",
    turns: [{ say: "c possible demain aprem pour une coupe?", reply: /^Le mardi 8 janvier, je peux vous proposer 1[234]h\d\d/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'tmrw 3pm cleaning?'",
    tenant: "maple-dental",
    turns: [{ say: "tmrw 3pm cleaning?", reply: "Tuesday, January 8 at 3:00 PM is available. What name should I put the booking under?" }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'cn i get an appt 4 a checkup thurs morning'",
    tenant: "maple-dental",
    turns: [{ say: "hi, cn i get an appt 4 a checkup thurs morning", reply: "On Thursday, January 10 I can offer 9:00 AM, 9:15 AM or 9:30 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr no accents anywhere",
    tenant: "cabinet-dupont",
    turns: [
      { say: "je voudrais un bilan de sante vendredi a 10h", reply: "Vendredi 11 janvier à 10h00, c'est disponible." },
      { say: "Helene Favre", reply: "À quel numéro" },
      { say: "079 444 55 66", reply: "Je récapitule : Bilan de santé le vendredi 11 janvier à 10h00, au nom de Helene Favre." },
      { say: "oui c bon", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Bilan de santé 2030-01-11 10:00-11:00 booked"] },
  },
  {
    name: "fr 'slt dispo jeudi 9h pr une consult?'",
    tenant: "cabinet-dupont",
    turns: [{ say: "slt dispo jeudi 9h pr une consult?", reply: "Jeudi 10 janvier à 9h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
];

const smallTalk: Dialogue[] = [
  {
    name: "fr a long polite opening before the request",
    tenant: "cabinet-dupont",
    turns: [
      {
        say: "Bonjour madame, j'espère que vous allez bien. Excusez-moi de vous déranger, je voudrais prendre rendez-vous pour une consultation s'il vous plaît, mercredi matin si possible",
        reply: "Le mercredi 9 janvier, je peux vous proposer 8h30, 8h45 ou 9h00.",
      },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en small talk around a Friday afternoon cleaning",
    tenant: "maple-dental",
    turns: [
      {
        say: "Good morning! Hope you're having a great day. I was wondering if I could come in for a cleaning sometime Friday afternoon?",
        reply: /^On Friday, January 11 I can offer (12|1):00 PM/,
      },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en 'how are you' alone is answered without starting a booking",
    tenant: "maple-dental",
    turns: [{ say: "hi, how are you?", reply: /how can I help/i }],
    outcome: { appointments: [] },
  },
];

const changesOfMind: Dialogue[] = [
  {
    name: "fr 'euh non plutôt vendredi' keeps the time",
    tenant: "cabinet-dupont",
    turns: [
      { say: "une consultation jeudi 10h", reply: "Jeudi 10 janvier à 10h00, c'est disponible." },
      { say: "euh non plutôt vendredi", reply: "Vendredi 11 janvier à 10h00, c'est disponible." },
      { say: "Paul Girard 079 333 22 11", reply: "Je récapitule : Consultation le vendredi 11 janvier à 10h00, au nom de Paul Girard." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-11 10:00-10:30 booked"], clients: ["Paul Girard +41793332211"] },
  },
  {
    name: "en 'wait, make that 4:30'",
    tenant: "maple-dental",
    turns: [
      { say: "checkup tomorrow at 4", reply: "Tuesday, January 8 at 4:00 PM is available." },
      { say: "wait, make that 4:30", reply: "Tuesday, January 8 at 4:30 PM is available." },
      { say: "Kim Park, 416 555 0166", reply: "To confirm: Checkup on Tuesday, January 8 at 4:30 PM, under the name Kim Park." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-08 16:30-17:00 booked"], clients: ["Kim Park +14165550166"] },
  },
  {
    name: "fr 'finalement l'après-midi' after a morning offer",
    tenant: "salon-amel",
    turns: [
      { say: "une coupe mardi matin", reply: "Le mardi 8 janvier, je peux vous proposer 9h00, 9h15 ou 9h30." },
      { say: "finalement plutôt l'après-midi", reply: /^Le mardi 8 janvier, je peux vous proposer 1[234]h\d\d/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr at the read-back, 'ah non, finalement 11h' reads it back again",
    tenant: "cabinet-dupont",
    turns: [
      { say: "Sophie Blanc, 079 222 33 44, consultation mardi 10h", reply: "Je récapitule : Consultation le mardi 8 janvier à 10h00, au nom de Sophie Blanc." },
      { say: "ah non, finalement à 11h", reply: "Je récapitule : Consultation le mardi 8 janvier à 11h00, au nom de Sophie Blanc." },
      { say: "oui", reply: "C'est réservé : Consultation le mardi 8 janvier à 11h00." },
    ],
    outcome: { appointments: ["Consultation 2030-01-08 11:00-11:30 booked"] },
  },
  {
    name: "en at the read-back, 'no sorry, Thursday not Wednesday'",
    tenant: "maple-dental",
    turns: [
      { say: "Ben Cole 416 555 0155 cleaning wednesday 10am", reply: "To confirm: Cleaning on Wednesday, January 9 at 10:00 AM, under the name Ben Cole." },
      { say: "no sorry, thursday not wednesday", reply: "To confirm: Cleaning on Thursday, January 10 at 10:00 AM, under the name Ben Cole." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Cleaning 2030-01-10 10:00-10:45 booked"] },
  },
];

const questionsMidFlow: Dialogue[] = [
  {
    name: "en the price asked while the name is asked, then the name",
    tenant: "maple-dental",
    turns: [
      { say: "cleaning friday 10am", reply: "Friday, January 11 at 10:00 AM is available. What name should I put the booking under?" },
      { say: "how much is it btw?", reply: /Cleaning costs \$?150(\.00)?( CAD)?/ },
      { say: "Ann Lee", reply: "What phone number" },
    ],
    outcome: { appointments: [], clients: [] },
  },
  {
    name: "fr the address asked while the name is asked",
    tenant: "cabinet-dupont",
    turns: [
      { say: "consultation lundi 14 à 9h", reply: "Lundi 14 janvier à 9h00, c'est disponible." },
      { say: "c'est où exactement ?", reply: /Rue du Rhône 42, 1204 Genève/ },
      { say: "Paul Girard", reply: "À quel numéro" },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr Saturday hours asked in the middle of a booking",
    tenant: "salon-amel",
    turns: [
      { say: "je voudrais une coupe", reply: "Très bien, pour Coupe." },
      { say: "vous fermez à quelle heure samedi ?", reply: /samedi 12 janvier.*9h00.*19h00/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en 'how long does it take?' during a booking",
    tenant: "maple-dental",
    turns: [
      { say: "i need a cleaning", reply: "Great, Cleaning it is." },
      { say: "how long does it take?", reply: /Cleaning takes 45 min/ },
    ],
    outcome: { appointments: [] },
  },
];

const changes: Dialogue[] = [
  {
    name: "fr 'je ne pourrai pas venir jeudi, il faut annuler'",
    tenant: "cabinet-dupont",
    channel: "whatsapp",
    callerPhone: "+41791234567",
    setup: [marieAt("Consultation", "2030-01-10 09:00")],
    turns: [
      { say: "bonjour, je ne pourrai pas venir jeudi, il faut annuler", reply: "Vous souhaitez annuler votre rendez-vous Consultation du jeudi 10 janvier à 9h00, c'est bien cela ?" },
      { say: "oui merci", reply: "C'est fait : votre rendez-vous Consultation du jeudi 10 janvier à 9h00 est annulé." },
    ],
    outcome: { appointments: ["Consultation 2030-01-10 09:00-09:30 cancelled"] },
  },
  {
    name: "en 'I gotta cancel my cleaning tomorrow'",
    tenant: "maple-dental",
    channel: "whatsapp",
    callerPhone: "+14165550144",
    setup: [liamAt("Cleaning", "2030-01-08 10:00")],
    turns: [
      { say: "hey I gotta cancel my cleaning tomorrow, sorry", reply: "You'd like to cancel your Cleaning on Tuesday, January 8 at 10:00 AM, is that right?" },
      { say: "yep", reply: "Done: your Cleaning on Tuesday, January 8 at 10:00 AM is cancelled." },
    ],
    outcome: { appointments: ["Cleaning 2030-01-08 10:00-10:45 cancelled"] },
  },
  {
    name: "fr moving Saturday's cut to Friday at the same time",
    tenant: "salon-amel",
    channel: "whatsapp",
    callerPhone: "+213551112233",
    setup: [yacineAt("Coupe", "2030-01-12 10:00")],
    turns: [
      {
        say: "bonsoir, est-ce que je peux décaler mon rdv de samedi à vendredi même heure ?",
        reply: "Je déplace votre rendez-vous Coupe du samedi 12 janvier à 10h00 au vendredi 11 janvier à 10h00. Je confirme ?",
      },
      { say: "oui stp", reply: "C'est fait : votre rendez-vous Coupe est maintenant le vendredi 11 janvier à 10h00." },
    ],
    outcome: { appointments: ["Coupe 2030-01-11 10:00-10:30 booked"] },
  },
  {
    name: "en 'something came up, can I do Thursday at 2 instead?'",
    tenant: "maple-dental",
    channel: "voice",
    callerPhone: "+14165550144",
    setup: [liamAt("Checkup", "2030-01-08 10:00")],
    turns: [
      {
        say: "hi, something came up, can I move my checkup to thursday at 2 instead?",
        reply: "I'll move your Checkup from Tuesday, January 8 at 10:00 AM to Thursday, January 10 at 2:00 PM. Shall I confirm?",
      },
      { say: "yes", reply: "Done: your Checkup is now on Thursday, January 10 at 2:00 PM." },
    ],
    outcome: { appointments: ["Checkup 2030-01-10 14:00-14:30 booked"] },
  },
  {
    name: "fr 'je veux plus venir' cancels after confirmation",
    tenant: "cabinet-dupont",
    channel: "whatsapp",
    callerPhone: "+41791234567",
    setup: [marieAt("Bilan de santé", "2030-01-09 14:00")],
    turns: [
      { say: "Bonjour, annulez mon rendez-vous de mercredi svp", reply: "Vous souhaitez annuler votre rendez-vous Bilan de santé du mercredi 9 janvier à 14h00, c'est bien cela ?" },
      { say: "non finalement je le garde", reply: "D'accord, je conserve votre rendez-vous." },
    ],
    outcome: { appointments: ["Bilan de santé 2030-01-09 14:00-15:00 booked"] },
  },
  {
    name: "en 'when is my appointment again?'",
    tenant: "maple-dental",
    channel: "whatsapp",
    callerPhone: "+14165550144",
    setup: [liamAt("Cleaning", "2030-01-09 15:00")],
    turns: [{ say: "hey when is my appointment again?", reply: "Your next appointment: Cleaning on Wednesday, January 9 at 3:00 PM." }],
    outcome: { appointments: ["Cleaning 2030-01-09 15:00-15:45 booked"] },
  },
];

const regional: Dialogue[] = [
  {
    name: "fr Québec: 'sur l'heure du dîner' is lunchtime",
    tenant: "maple-dental",
    turns: [
      {
        say: "Bonjour, j'aimerais prendre un rendez-vous pour un nettoyage mardi sur l'heure du dîner",
        reply: /^Le mardi 8 janvier, je peux vous proposer 1[12]h\d\d/,
      },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr Belgium: 'à l'heure du dîner' at the Geneva practice is lunchtime too",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation jeudi à l'heure du dîner", reply: /^Le jeudi 10 janvier, je peux vous proposer 1[12]h\d\d/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'à tantôt' ends the conversation politely",
    tenant: "cabinet-dupont",
    turns: [
      { say: "vous êtes ouverts samedi ?", reply: "Le samedi 12 janvier, nous sommes ouverts" },
      { say: "merci, à tantôt", reply: /au revoir|N'hésitez pas|Avec plaisir/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr Swiss 'quatorze heures trente'",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation jeudi à quatorze heures trente", reply: "Jeudi 10 janvier à 14h30, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'onze heures moins le quart'",
    tenant: "cabinet-dupont",
    turns: [{ say: "consultation mardi à onze heures moins le quart", reply: "Mardi 8 janvier à 10h45, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr Québec caller at Maple Dental, phone and name, read back in French",
    tenant: "maple-dental",
    turns: [
      { say: "Allo, c'est Josée Tremblay, je voudrais un examen jeudi à 10h, mon cell c'est le 514 555 0199", reply: /^Je récapitule : Examen de contrôle le jeudi 10 janvier à 10h00, au nom de Josée Tremblay\./ },
      { say: "oui c'est correct", reply: "C'est réservé : Examen de contrôle le jeudi 10 janvier à 10h00." },
    ],
    outcome: { appointments: ["Checkup 2030-01-10 10:00-10:30 booked"], clients: ["Josée Tremblay +15145550199"] },
  },
];

const algiersMix: Dialogue[] = [
  {
    name: "fr/en mix: 'je veux book une coupe for tomorrow à 15h'",
    tenant: "salon-amel",
    turns: [{ say: "Salam, je veux book une coupe for tomorrow à 15h stp", reply: /^(Mardi 8 janvier à 15h00, c'est disponible|Tuesday, January 8 at 3:00 PM is available)/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'c combien la coupe svp'",
    tenant: "salon-amel",
    turns: [{ say: "c combien la coupe svp", reply: /^Pour Coupe, le tarif est de 1[  ,.]?500(,00)? DZD/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en an English caller at the salon asks the price of colouring",
    tenant: "salon-amel",
    turns: [{ say: "hello, how much for coloring?", reply: /^Colouring costs 4,500(\.00)? DZD/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'wesh, vous êtes où ?'",
    tenant: "salon-amel",
    turns: [{ say: "wesh, vous êtes où ?", reply: /12 rue Didouche Mourad, Alger/ }],
    outcome: { appointments: [] },
  },
];

const numbersAndClocks: Dialogue[] = [
  {
    name: "en 'three thirty in the afternoon'",
    tenant: "maple-dental",
    turns: [{ say: "checkup on thursday at three thirty in the afternoon", reply: "Thursday, January 10 at 3:30 PM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "en British 'half two' is 2:30 PM",
    tenant: "salon-amel",
    turns: [{ say: "haircut wednesday at half two please", reply: "Wednesday, January 9 at 2:30 PM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 24-hour '14:30' from an English caller",
    tenant: "maple-dental",
    turns: [{ say: "cleaning on friday at 14:30", reply: "Friday, January 11 at 2:30 PM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr '16h45' with the day number",
    tenant: "cabinet-dupont",
    turns: [{ say: "consultation vendredi 11 à 16h45", reply: "Vendredi 11 janvier à 16h45, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'quarter past ten'",
    tenant: "maple-dental",
    turns: [{ say: "checkup wednesday quarter past ten", reply: "Wednesday, January 9 at 10:15 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'midi et demi'",
    tenant: "salon-amel",
    turns: [{ say: "une coupe jeudi à midi et demi", reply: "Jeudi 10 janvier à 12h30, c'est disponible." }],
    outcome: { appointments: [] },
  },
];

const relative: Dialogue[] = [
  {
    name: "fr 'dans 2 semaines'",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation dans 2 semaines", reply: "Le lundi 21 janvier, je peux vous proposer 8h30, 8h45 ou 9h00." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'lundi prochain 9h' said on a Monday is next week's",
    tenant: "cabinet-dupont",
    turns: [{ say: "consultation lundi prochain 9h", reply: "Lundi 14 janvier à 9h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'après-demain vers 11h'",
    tenant: "salon-amel",
    turns: [{ say: "coupe après-demain vers 11h", reply: "Mercredi 9 janvier à 11h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'in two weeks'",
    tenant: "maple-dental",
    turns: [{ say: "can I book a cleaning in two weeks", reply: "On Monday, January 21 I can offer 9:00 AM, 9:15 AM or 9:30 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'jeudi de la semaine prochaine'",
    tenant: "cabinet-dupont",
    turns: [{ say: "consultation jeudi de la semaine prochaine à 15h", reply: "Jeudi 17 janvier à 15h00, c'est disponible." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'this Friday'",
    tenant: "maple-dental",
    turns: [{ say: "checkup this friday 9am", reply: "Friday, January 11 at 9:00 AM is available." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'the week after next'",
    tenant: "maple-dental",
    turns: [{ say: "a cleaning the week after next please", reply: "On Monday, January 21 I can offer 9:00 AM, 9:15 AM or 9:30 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'hier' explained as past",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation hier à 10h", reply: /passé/ }],
    outcome: { appointments: [] },
  },
];

const vague: Dialogue[] = [
  {
    name: "fr 'en fin de matinée jeudi'",
    tenant: "cabinet-dupont",
    turns: [{ say: "une consultation en fin de matinée jeudi", reply: /^Le jeudi 10 janvier, je peux vous proposer 1[01]h\d\d/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'around lunchtime on Wednesday'",
    tenant: "maple-dental",
    turns: [{ say: "checkup around lunchtime on wednesday?", reply: /^On Wednesday, January 9 I can offer 1[12]:\d\d [AP]M/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'as early as possible'",
    tenant: "maple-dental",
    turns: [{ say: "I need a checkup as early as possible", reply: "For Checkup, the first free slots are Monday, January 7 at 9:00 AM, 9:15 AM or 9:30 AM." }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'le plus tôt possible' at the salon, closed on Mondays",
    tenant: "salon-amel",
    turns: [{ say: "une couleur le plus tôt possible svp", reply: "Pour Coloration, les premiers créneaux libres sont mardi 8 janvier à 9h00, 9h15 ou 9h30." }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'after work on Thursday'",
    tenant: "maple-dental",
    turns: [{ say: "cleaning thursday after work", reply: /^On Thursday, January 10 I can offer [1-4]:\d\d PM/ }],
    outcome: { appointments: [] },
  },
];

const refusals: Dialogue[] = [
  {
    name: "fr price then 'non merci'",
    tenant: "cabinet-dupont",
    turns: [
      { say: "combien coûte une consultation ?", reply: /^Pour Consultation, le tarif est de (CHF )?120(\.00|,00)?( CHF)?\. Souhaitez-vous prendre rendez-vous \?$/ },
      { say: "non merci", reply: /Très bien|au revoir/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en price then 'nope'",
    tenant: "maple-dental",
    turns: [
      { say: "how much for a cleaning", reply: /^Cleaning costs .*150.*Would you like to book\?$/ },
      { say: "nope", reply: /All right|goodbye/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'pas pour le moment' at the read-back books nothing",
    tenant: "salon-amel",
    turns: [
      { say: "Nadia 0661 55 44 33 coupe jeudi 10h", reply: "Je récapitule : Coupe le jeudi 10 janvier à 10h00, au nom de Nadia." },
      { say: "pas pour le moment", reply: /je n'ai rien réservé/ },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en 'nah I'm good' after the offer to book",
    tenant: "salon-amel",
    turns: [
      { say: "do you do haircuts?", reply: /Haircut/ },
      { say: "nah i'm good thanks", reply: /All right|You're welcome|goodbye/ },
    ],
    outcome: { appointments: [] },
  },
];

const offTopic: Dialogue[] = [
  {
    name: "fr the weather tomorrow does not start a booking",
    tenant: "cabinet-dupont",
    turns: [{ say: "vous savez quel temps il fera demain ?", reply: /je n'ai pas bien compris/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'do you guys sell toothbrushes?' does not start a booking",
    tenant: "maple-dental",
    turns: [{ say: "do you guys sell toothbrushes?", reply: /(don't offer|couldn't find|didn't quite get)/ }],
    outcome: { appointments: [] },
  },
  {
    name: "fr 'vous recrutez ?' is not understood, nothing booked",
    tenant: "salon-amel",
    turns: [{ say: "vous recrutez en ce moment ?", reply: /je n'ai pas bien compris/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en the wifi password",
    tenant: "maple-dental",
    turns: [{ say: "what's the wifi password", reply: /didn't quite get that/ }],
    outcome: { appointments: [] },
  },
];

const emergencies: Dialogue[] = [
  {
    name: "fr 'j'ai très mal à la poitrine'",
    tenant: "cabinet-dupont",
    turns: [{ say: "j'ai très mal à la poitrine", reply: "Si une vie est en danger, appelez immédiatement le 144." }],
    outcome: { handoff: true, appointments: [], status: "handed_off" },
  },
  {
    name: "en 'my child can't breathe'",
    tenant: "maple-dental",
    turns: [{ say: "my child can't breathe", reply: "If someone's life is in danger, call 911 right now." }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "fr 'mon fils saigne beaucoup du nez'",
    tenant: "cabinet-dupont",
    turns: [{ say: "mon fils saigne beaucoup du nez ça s'arrête pas", reply: "appelez immédiatement le 144" }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "fr 'ma femme fait un malaise'",
    tenant: "cabinet-dupont",
    turns: [{ say: "ma femme fait un malaise, qu'est-ce que je fais", reply: "appelez immédiatement le 144" }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "en 'she hit her head and isn't responding'",
    tenant: "maple-dental",
    turns: [{ say: "my daughter fell and hit her head, she isn't responding", reply: "call 911 right now" }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "en 'my kid swallowed bleach'",
    tenant: "maple-dental",
    turns: [{ say: "help my kid swallowed bleach", reply: "call 911 right now" }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "fr 'crise d'asthme' mid-booking",
    tenant: "cabinet-dupont",
    turns: [
      { say: "consultation demain 9h", reply: "Mardi 8 janvier à 9h00, c'est disponible." },
      { say: "attendez mon fils fait une grosse crise d'asthme", reply: "appelez immédiatement le 144" },
    ],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "fr at the salon, a burn from a product",
    tenant: "salon-amel",
    turns: [{ say: "au secours ma cliente a une brulure grave au cuir chevelu", reply: "appelez immédiatement le 14" }],
    outcome: { handoff: true, appointments: [] },
  },
];

const phones: Dialogue[] = [
  {
    name: "fr a French mobile number at the Geneva practice",
    tenant: "cabinet-dupont",
    turns: [
      { say: "consultation mercredi 11h", reply: "Mercredi 9 janvier à 11h00, c'est disponible." },
      { say: "Julien Roy", reply: "À quel numéro" },
      { say: "c'est un numéro français : +33 6 12 34 56 78", reply: "Je récapitule : Consultation le mercredi 9 janvier à 11h00, au nom de Julien Roy." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Consultation 2030-01-09 11:00-11:30 booked"], clients: ["Julien Roy +33612345678"] },
  },
  {
    name: "fr a French number with 0033 at the Algiers salon",
    tenant: "salon-amel",
    turns: [
      { say: "coupe jeudi 11h", reply: "Jeudi 10 janvier à 11h00, c'est disponible." },
      { say: "Karima", reply: "À quel numéro" },
      { say: "0033 6 98 76 54 32", reply: "Je récapitule : Coupe le jeudi 10 janvier à 11h00, au nom de Karima." },
      { say: "oui", reply: "C'est réservé" },
    ],
    outcome: { appointments: ["Coupe 2030-01-10 11:00-11:30 booked"], clients: ["Karima +33698765432"] },
  },
  {
    name: "en a UK number at Maple Dental",
    tenant: "maple-dental",
    turns: [
      { say: "checkup monday the 14th at 1pm, name's Oliver Smith", reply: "Monday, January 14 at 1:00 PM is available. What phone number" },
      { say: "+44 7911 123456", reply: "To confirm: Checkup on Monday, January 14 at 1:00 PM, under the name Oliver Smith." },
      { say: "yes", reply: "You're booked" },
    ],
    outcome: { appointments: ["Checkup 2030-01-14 13:00-13:30 booked"], clients: ["Oliver Smith +447911123456"] },
  },
];

const strayYes: Dialogue[] = [
  {
    name: "fr a bare 'oui' as first message starts nothing",
    tenant: "cabinet-dupont",
    turns: [{ say: "oui", reply: /Comment puis-je vous aider|je n'ai pas bien compris/ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'ok' when the name is asked is not a name",
    tenant: "maple-dental",
    turns: [
      { say: "cleaning tomorrow 11am", reply: "Tuesday, January 8 at 11:00 AM is available. What name should I put the booking under?" },
      { say: "ok", reply: /name/ },
      { say: "Sara Lopez", reply: "What phone number" },
    ],
    outcome: { appointments: [], clients: [] },
  },
  {
    name: "fr 'oui' to the first free slots asks which one, books nothing",
    tenant: "salon-amel",
    turns: [
      { say: "je voudrais une coupe", reply: "Très bien, pour Coupe. Quel jour et à quelle heure ?" },
      { say: "oui", reply: "Lequel de ces créneaux préférez-vous : mardi 8 janvier à 9h00, 9h15 ou 9h30 ?" },
      { say: "le deuxième", reply: "À quel nom dois-je réserver ?" },
      { say: "Rania 0661 00 11 22", reply: "Je récapitule : Coupe le mardi 8 janvier à 9h15, au nom de Rania." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en 'ok thanks' after booking",
    tenant: "maple-dental",
    turns: [
      { say: "Eva Green 416 555 0111 checkup thursday 9am", reply: "To confirm: Checkup on Thursday, January 10 at 9:00 AM, under the name Eva Green." },
      { say: "yes", reply: "You're booked" },
      { say: "ok thanks", reply: /You're welcome|goodbye|All right/ },
    ],
    outcome: { appointments: ["Checkup 2030-01-10 09:00-09:30 booked"] },
  },
];

const groups: Array<[string, Dialogue[]]> = [
  ["several facts in one message", oneBreath],
  ["SMS style and no accents", smsStyle],
  ["small talk around the request", smallTalk],
  ["changes of mind", changesOfMind],
  ["questions in the middle of a booking", questionsMidFlow],
  ["cancelling and moving in natural words", changes],
  ["regional French", regional],
  ["Algiers callers mixing French and English", algiersMix],
  ["numbers in words and clocks", numbersAndClocks],
  ["relative dates", relative],
  ["vague times", vague],
  ["refusals", refusals],
  ["off-topic questions", offTopic],
  ["emergencies as callers say them", emergencies],
  ["foreign phone numbers", phones],
  ["a stray yes or ok", strayYes],
];

for (const [title, dialogues] of groups) {
  describe(title, () => {
    it.each(dialogues.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
  });
}
