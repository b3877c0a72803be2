import { afterAll, beforeAll, describe, it } from "vitest";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";
import { runDialogue, type Dialogue } from "./dialogue-runner";

/*
 * Real callers, ninth set: more emergencies as people say them (convulsing,
 * turning blue, labour, a deep cut), each handed off at once with the
 * region's number. Monday 2030-01-07, 08:00 local.
 */

let s: SeededTenants;
beforeAll(async () => {
  s = await seededTenants("real-callers-ninth");
});
afterAll(async () => {
  await s?.close();
});

const emergencies: Dialogue[] = [
  {
    name: "fr 'mon bébé convulse'",
    tenant: "cabinet-dupont",
    turns: [{ say: "mon bébé a de la fièvre et il convulse", reply: "appelez immédiatement le 144" }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "en 'he's turning blue'",
    tenant: "maple-dental",
    turns: [{ say: "my son is choking on something, he's turning blue", reply: "call 911 right now" }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "fr 'ses lèvres deviennent bleues' at the salon",
    tenant: "salon-amel",
    turns: [{ say: "une cliente se sent mal, ses lèvres deviennent bleues", reply: "appelez immédiatement le 14" }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "en 'my water broke'",
    tenant: "cabinet-dupont",
    turns: [{ say: "hi, my water broke and the contractions are close", reply: "call 144 right now" }],
    outcome: { handoff: true, appointments: [] },
  },
  {
    name: "fr 'je me suis coupé profondément, ça saigne'",
    tenant: "cabinet-dupont",
    channel: "voice",
    callerPhone: "+41791234000",
    turns: [{ say: "je me suis coupé profondément la main, ça saigne", reply: "raccrochez et appelez immédiatement le 144" }],
    outcome: { handoff: true, transferPhone: "+41225550100", appointments: [] },
  },
];

describe("more emergencies as people say them", () => {
  it.each(emergencies.map((d) => [d.name, d] as const))("%s", (_, d) => runDialogue(s, d));
});
