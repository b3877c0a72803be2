import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createReceptionist, type AgentTurnResult } from "@/lib/agent";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";

/*
 * A rehearsal turn ("Try your receptionist") is the real engine in a
 * transaction that rolls back: the same booking conversation books in a
 * rehearsal exactly what it books for real, yet leaves no conversation,
 * message, client, appointment or usage behind.
 */

let s: SeededTenants;
let pool: TenantDb;
let receptionist: ReturnType<typeof createReceptionist>;

beforeAll(async () => {
  s = await seededTenants("rehearsal");
  pool = createTenantDb({ url: s.db.appUrl, max: 4 });
  receptionist = createReceptionist(pool);
});
afterAll(async () => {
  await pool?.$disconnect();
  await pool?.pool.end();
  await s?.close();
});
beforeEach(() => s.reset());

const SCRIPT = ["Je voudrais une consultation demain à 10h", "Marie Curie", "+41 79 123 45 67", "oui"];

async function converse(rehearsal: boolean, externalId = rehearsal ? "rehearsal:test" : "web-real"): Promise<AgentTurnResult[]> {
  const tenant = s.tenantId("cabinet-dupont");
  const now = s.local("cabinet-dupont", "2030-01-07", "08:00");
  const out: AgentTurnResult[] = [];
  let carried: { state: unknown; lastReply: string | null } = { state: {}, lastReply: null };
  for (const message of SCRIPT) {
    const result = await runAsTenant(tenant, () =>
      receptionist.runAgentTurn({ channel: "web", externalId, message, now, ...(rehearsal ? { rehearsal: carried } : {}) }),
    );
    carried = { state: result.rehearsalState, lastReply: result.reply };
    out.push(result);
  }
  return out;
}

const counts = async () =>
  (
    await s.admin.query<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM appointments) AS appointments, (SELECT count(*)::int FROM clients) AS clients,
      (SELECT count(*)::int FROM conversations) AS conversations, (SELECT count(*)::int FROM messages) AS messages,
      (SELECT count(*)::int FROM usage_events) AS usage`)
  ).rows[0];

it("holds a booking conversation through its state and stores nothing", async () => {
  const turns = await converse(true);
  const last = turns.at(-1)!;
  expect(last.appointment).toMatchObject({ service: "Consultation", status: "booked" });
  expect(last.rehearsalState).toMatchObject({ turns: SCRIPT.length, step: null });
  expect(await counts()).toEqual({ appointments: 0, clients: 0, conversations: 0, messages: 0, usage: 0 });
});

it("books for real exactly what the rehearsal booked", async () => {
  const rehearsed = (await converse(true)).at(-1)!.appointment!;
  const real = (await converse(false)).at(-1)!.appointment!;
  expect(real.startsAt.toISOString()).toBe(rehearsed.startsAt.toISOString());
  expect(real.endsAt.toISOString()).toBe(rehearsed.endsAt.toISOString());
  expect(await counts()).toMatchObject({ appointments: 1, clients: 1, conversations: 1, messages: SCRIPT.length * 2 });
});

it("sees real bookings: the slot booked for real is not offered in a rehearsal", async () => {
  const real = (await converse(false)).at(-1)!.appointment!;
  const turns = await converse(true);
  expect(turns[0]!.reply).toMatch(/10h00 est déjà pris/);
  expect(turns.at(-1)!.appointment?.startsAt.toISOString()).not.toBe(real.startsAt.toISOString());
  expect((await counts())!.appointments).toBe(1);
});
