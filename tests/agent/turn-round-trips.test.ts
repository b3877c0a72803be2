import pg from "pg";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createReceptionist, type Receptionist } from "@/lib/agent";
import { isTenantSettingStatement } from "@/lib/db/tenant-setting";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";

/*
 * What a turn costs the database, counted at pg's wire layer: an Execute is a
 * statement, a Sync or a simple Query a round trip. The tenant-setting
 * preamble rides in the same flight as its statement and is counted apart.
 */

interface Wire {
  statements: number;
  preambles: number;
  roundTrips: number;
}

const wire: Wire = { statements: 0, preambles: 0, roundTrips: 0 };
const proto = (pg as unknown as { Connection: { prototype: Record<string, (...a: unknown[]) => unknown> } }).Connection.prototype;
const originals = new Map<string, (...a: unknown[]) => unknown>();
const parsed = new WeakMap<object, string>();

function count(name: string, effect: (self: object, args: unknown[]) => void) {
  const original = proto[name]!;
  originals.set(name, original);
  proto[name] = function (this: object, ...args: unknown[]) {
    effect(this, args);
    return original.apply(this, args);
  };
}

let s: SeededTenants;
let receptionist: Receptionist;
const now = () => s.local("cabinet-dupont", "2030-01-07", "08:00");

beforeAll(async () => {
  s = await seededTenants("turn-cost");
  receptionist = createReceptionist(s.client);
  count("parse", (self, [msg]) => parsed.set(self, String((msg as { text?: string }).text)));
  count("execute", (self) => (isTenantSettingStatement(parsed.get(self)) ? wire.preambles++ : wire.statements++));
  count("sync", () => wire.roundTrips++);
  count("query", () => {
    wire.statements++;
    wire.roundTrips++;
  });
});

afterAll(async () => {
  for (const [name, original] of originals) proto[name] = original;
  await s?.close();
});

beforeEach(async () => {
  await s.reset();
});

async function turn(message: string, externalId: string, extra: { callerPhone?: string } = {}): Promise<{ reply: string; cost: Wire }> {
  const before = { ...wire };
  const result = await runAsTenant(s.tenantId("cabinet-dupont"), () =>
    receptionist.runAgentTurn({ channel: "voice", externalId, message, now: now(), ...extra }),
  );
  return {
    reply: result.reply,
    cost: { statements: wire.statements - before.statements, preambles: wire.preambles - before.preambles, roundTrips: wire.roundTrips - before.roundTrips },
  };
}

it("answers a question in two round trips and four statements, configuration read once per tenant", async () => {
  // The first turn of the process reads the tenant's configuration into the cache.
  await turn("Bonjour", "call-warm");
  const hours = await turn("Quels sont vos horaires ?", "call-hours");
  expect(hours.reply).toContain("Nous sommes ouverts");
  // BEGIN + the opening statement, then the closing statement + COMMIT.
  expect(hours.cost).toEqual({ statements: 4, preambles: 1, roundTrips: 2 });
  const again = await turn("Et votre adresse ?", "call-hours");
  expect(again.reply).toContain("Rue du Rhône");
  expect(again.cost).toEqual({ statements: 4, preambles: 1, roundTrips: 2 });
});

it("adds only the booking's own statements to the turns that check and book a time", async () => {
  await turn("Bonjour", "call-warm");
  const asked = await turn("Une consultation demain à 10h", "call-book", { callerPhone: "+41791112233" });
  expect(asked.reply).toContain("c'est disponible");
  // One more round trip: the booked times around the one asked for.
  expect(asked.cost.roundTrips).toBe(3);
  expect(asked.cost.statements).toBe(5);
  await turn("Jean Dupuis", "call-book", { callerPhone: "+41791112233" });
  const booked = await turn("oui", "call-book", { callerPhone: "+41791112233" });
  expect(booked.reply).toContain("C'est réservé");
  // The write under a savepoint with the tenant's turn lock travels as one flight.
  expect(booked.cost.roundTrips).toBe(3);
  expect(booked.cost.statements).toBe(4 + 4);
  const rows = await s.admin.query("SELECT count(*)::int AS n FROM appointments WHERE status = 'booked'");
  expect(rows.rows[0].n).toBe(1);
});

it("a conversation a member took over costs the same two round trips: the message stored, no reply", async () => {
  await turn("Bonjour", "call-warm");
  await turn("Quels sont vos horaires ?", "call-held");
  await s.admin.query("UPDATE conversations SET taken_over_at = now() WHERE external_id = 'call-held'");
  const held = await turn("Je voudrais parler à quelqu'un", "call-held");
  expect(held.reply).toBe("");
  expect(held.cost).toEqual({ statements: 4, preambles: 1, roundTrips: 2 });
  const rows = await s.admin.query(
    "SELECT role, count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.external_id = 'call-held' GROUP BY role ORDER BY role",
  );
  expect(rows.rows).toEqual([
    { role: "caller", n: 2 },
    { role: "agent", n: 1 },
  ]);
});

it("moves an appointment at the cost of its reads and its one write", async () => {
  await turn("Bonjour", "call-warm");
  const phone = "+41791234567";
  const tenant = s.tenantId("cabinet-dupont");
  await s.admin.query(
    `WITH c AS (INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Marie Curie', $2, now()) RETURNING id)
     INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, updated_at)
     SELECT $1, v.id, c.id, $3, $3::timestamptz + interval '30 minutes', 'booked', now() FROM c, services v WHERE v.tenant_id = $1 AND v.name = 'Consultation'`,
    [tenant, phone, s.local("cabinet-dupont", "2030-01-08", "10:00")],
  );
  const asked = await turn("Je voudrais déplacer mon rendez-vous à jeudi 10h", "call-move", { callerPhone: phone });
  expect(asked.reply).toContain("Je déplace votre rendez-vous");
  // The upcoming appointments, the time's check, then the appointment read back.
  expect({ roundTrips: asked.cost.roundTrips, statements: asked.cost.statements }).toEqual({ roundTrips: 5, statements: 7 });
  const moved = await turn("oui", "call-move", { callerPhone: phone });
  expect(moved.reply).toContain("C'est fait");
  expect({ roundTrips: moved.cost.roundTrips, statements: moved.cost.statements }).toEqual({ roundTrips: 4, statements: 9 });
});
