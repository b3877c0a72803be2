import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue } from "./dialogue-runner";
import { addStaff } from "./staff-setup";

/*
 * Callers asking for a person, in English. Maple Dental has Dr Tremblay (its
 * default diary, renamed), Dr Sam Martin and Sam Okafor (cleanings only);
 * Salon Amel has Karim, Sonia and Léa. The Geneva practice keeps its single
 * diary. Monday 2030-01-07 08:00.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("staff-en");
  await addStaff(s, "maple-dental", "Dr Tremblay", [{ name: "Dr Sam Martin" }, { name: "Sam Okafor", services: ["Cleaning"] }]);
  await addStaff(s, "salon-amel", "Karim", [{ name: "Sonia" }, { name: "Léa", services: ["Coupe"] }]);
});
afterAll(async () => {
  await s?.close();
});

const details = [
  { say: "Jane Roe", reply: "What phone number can we reach you on?" },
  { say: "416 555 0199", reply: /^To confirm: / },
];

const withAPerson: Dialogue[] = [
  {
    name: "en 'with Dr Martin' sticks from the first question to the booking",
    tenant: "maple-dental",
    turns: [
      { say: "Hi, I'd like a checkup with Dr Martin", reply: /^Great, Checkup with Dr Sam Martin\. Which day and time\? Dr Sam Martin's next free slots are / },
      { say: "Wednesday at 3pm", reply: "Dr Sam Martin can see you on Wednesday, January 9 at 3:00 PM. What name should I put the booking under?" },
      details[0]!,
      { say: "416 555 0199", reply: "To confirm: Checkup on Wednesday, January 9 at 3:00 PM with Dr Sam Martin, under the name Jane Roe. Shall I book it?" },
      { say: "yes please", reply: "You're booked: Checkup on Wednesday, January 9 at 3:00 PM with Dr Sam Martin. See you then!" },
    ],
    outcome: { staffAppointments: ["Checkup 2030-01-09 15:00 Dr Sam Martin booked"] },
  },
  {
    name: "en Karim is taken: Karim's next times, then Sonia at 10, and the caller takes Sonia's",
    tenant: "salon-amel",
    setup: [{ appointment: { service: "Coupe", at: "2030-01-10 10:00", name: "Yasmine Haddad", phone: "+213551000001", resource: "Karim" } }],
    turns: [
      {
        say: "Can I get a haircut with Karim on Thursday at 10?",
        reply: /^Karim is taken on Thursday, January 10 at 10:00 AM\. Karim can do Thursday, January 10 at \d+:\d\d AM or \d+:\d\d AM, or Sonia is free at 10:00 AM\. Which would you prefer\?$/,
      },
      { say: "the last one", reply: "Sonia can see you on Thursday, January 10 at 10:00 AM. What name should I put the booking under?" },
      { say: "Jane Roe", reply: "What phone number" },
      { say: "0551 23 45 67", reply: "To confirm: Haircut on Thursday, January 10 at 10:00 AM with Sonia, under the name Jane Roe." },
      { say: "yes", reply: "You're booked: Haircut on Thursday, January 10 at 10:00 AM with Sonia." },
    ],
    outcome: { staffAppointments: ["Coupe 2030-01-10 10:00 Karim booked", "Coupe 2030-01-10 10:00 Sonia booked"] },
  },
  {
    name: "en 'anyone is fine' books the least-booked person and names them",
    tenant: "maple-dental",
    setup: [{ appointment: { service: "Cleaning", at: "2030-01-09 09:00", name: "Ann Lee", phone: "+14165550111", resource: "Dr Tremblay" } }],
    turns: [
      { say: "a checkup Wednesday at 2pm, anyone is fine", reply: "Wednesday, January 9 at 2:00 PM is available. What name should I put the booking under?" },
      ...details,
      { say: "yes", reply: "You're booked: Checkup on Wednesday, January 9 at 2:00 PM with Dr Sam Martin. See you then!" },
    ],
    outcome: { staffAppointments: ["Cleaning 2030-01-09 09:00 Dr Tremblay booked", "Checkup 2030-01-09 14:00 Dr Sam Martin booked"] },
  },
  {
    name: "en 'not Karim' at a time names whoever else is free then",
    tenant: "salon-amel",
    turns: [{ say: "haircut Saturday 11am but not Karim", reply: /^(Sonia|Léa) can see you on Saturday, January 12 at 11:00 AM\./ }],
    outcome: { appointments: [] },
  },
  {
    name: "en 'someone else' after Dr Martin's day, then a pick",
    tenant: "maple-dental",
    turns: [
      { say: "cleaning with Dr. Martin on Friday", reply: /^On Friday, January 11, Dr Sam Martin can see you at 9:00 AM, 9:15 AM or 9:30 AM\./ },
      { say: "actually someone else", reply: /^On Friday, January 11 I can offer 9:00 AM, 9:15 AM or 9:30 AM\./ },
      { say: "the first one", reply: /^(Dr Tremblay|Sam Okafor) can see you on Friday, January 11 at 9:00 AM\. What name/ },
    ],
    outcome: { appointments: [] },
  },
];

const questions: Dialogue[] = [
  {
    name: "en two people called Sam: which one, then the answer settles it",
    tenant: "maple-dental",
    turns: [
      { say: "I need a cleaning with Sam tomorrow at 11", reply: "We have more than one Sam: Dr Sam Martin or Sam Okafor. Which one would you like?" },
      { say: "Okafor", reply: "Sam Okafor can see you on Tuesday, January 8 at 11:00 AM. What name should I put the booking under?" },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en a name nobody has: who is there, then 'whoever is free'",
    tenant: "maple-dental",
    turns: [
      {
        say: "Can I book a checkup with Dr Smith?",
        reply: "There's nobody called Smith here. You can book with Dr Tremblay or Dr Sam Martin, or with whoever is free first. Who would you like?",
      },
      { say: "whoever is free", reply: /^Great, Checkup it is\. Which day and time\? The next free slots are / },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en 'doesn't matter' when asked who",
    tenant: "maple-dental",
    turns: [
      { say: "checkup with Sam on Tuesday at 10", reply: "We have more than one Sam" },
      { say: "doesn't matter", reply: "Tuesday, January 8 at 10:00 AM is available." },
    ],
    outcome: { appointments: [] },
  },
  {
    name: "en a change of person at the read-back is checked again",
    tenant: "salon-amel",
    turns: [
      { say: "a haircut with Sonia on Friday at 4pm", reply: "Sonia can see you on Friday, January 11 at 4:00 PM." },
      { say: "Jane Roe", reply: "What phone number" },
      { say: "0551 23 45 67", reply: "with Sonia, under the name Jane Roe" },
      { say: "actually with Léa please", reply: "Got it. To confirm: Haircut on Friday, January 11 at 4:00 PM with Léa, under the name Jane Roe. Shall I book it?" },
    ],
    outcome: { appointments: [] },
  },
];

/** Ways English callers name a person; each must be understood as that person. */
const phrasings: Array<[string, string]> = [
  ["haircut with Karim please, Tuesday at 10", "Karim"],
  ["Karim if possible, haircut Tuesday 10am", "Karim"],
  ["can I see Sonia for a haircut on Tuesday at 10", "Sonia"],
  ["I'd like Léa for a haircut Tuesday at 10", "Léa"],
  ["haircut tuesday 10am with lea", "Léa"],
  ["is karim free tuesday at 10 for a haircut", "Karim"],
  ["book me in with KARIM for a cut tuesday 10am", "Karim"],
  ["a haircut tuesday at 10 with Soniaa", "Sonia"],
];

describe("a person asked for by name (English)", () => {
  it.each(withAPerson.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("who, when the name does not settle it (English)", () => {
  it.each(questions.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});

describe("phrasings of a person (English)", () => {
  it.each(phrasings)("%s", (say, person) =>
    runDialogue(s, {
      name: `en phrasing ${say}`,
      tenant: "salon-amel",
      locale: "en",
      turns: [{ say, reply: `${person} can see you on Tuesday, January 8 at 10:00 AM.` }],
      outcome: { appointments: [] },
    }),
  );

  it("en a single-diary business hears no staff talk: 'with Dr Martin' in Geneva", () =>
    runDialogue(s, {
      name: "en single diary",
      tenant: "cabinet-dupont",
      turns: [{ say: "I'd like a consultation with Dr Martin tomorrow at 10", reply: /^Tuesday, January 8 at 10:00 AM is available\. What name should I put the booking under\?$/ }],
      outcome: { appointments: [] },
    }));
});
