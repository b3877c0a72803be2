import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOOL_SQL } from "@/lib/agent/tool-sql";
import { TURN_SQL } from "@/lib/agent/turn-sql";
import { BOOKING_SQL } from "@/lib/booking/sql-booking-store";
import { LEDGER_SQL } from "@/lib/channels/tool-call-ledger";
import { CALL_COUNTED_SQL, MINUTES_USED_SQL } from "@/lib/billing/channel-billing";
import { COUNT_SQL } from "@/lib/billing/usage-counter";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { insertTenant } from "../support/tenant-fixtures";

/*
 * The receptionist's hot path runs raw statements instead of the Prisma
 * extension, so each of them is checked here against another tenant's rows,
 * each wall on its own:
 * - its own tenant predicate: run by a superuser (no row-level security) for
 *   tenant A, aimed at B's ids, it must neither return nor change B's rows;
 * - row-level security: run as frontdesk_app under A's tenant setting but
 *   naming B as its tenant, it must neither return nor change B's rows.
 * Every statement of TURN_SQL and BOOKING_SQL must have a case here.
 */

let db: TestDatabase;
let admin: pg.Client;
let A: string;
let B: string;
const b = {
  phone: "+41790000002",
  name: "Bea Other",
  client: randomUUID(),
  service: randomUUID(),
  conversation: randomUUID(),
  conversationExternal: "call-of-b",
  message: randomUUID(),
  messageExternal: "SMb0000000000000000000000000000000",
  appointment: randomUUID(),
  toolCall: "call_b_0001",
  toolCallClaimedAt: new Date("2030-01-01T00:00:00Z"),
  period: "2030-01",
};
const slot = { startsAt: new Date("2030-01-08T09:00:00Z"), endsAt: new Date("2030-01-08T09:30:00Z") };

type Values = (tenant: string) => unknown[];

const CASES: Record<string, { text: string; values: Values }> = {
  "turn.openByExternalId": {
    text: TURN_SQL.openByExternalId,
    values: (t) => [t, "voice", b.phone, b.messageExternal, b.conversationExternal],
  },
  "turn.openById": { text: TURN_SQL.openById, values: (t) => [t, "voice", b.phone, b.messageExternal, b.conversation] },
  "turn.close": {
    text: TURN_SQL.close,
    values: (t) => [t, randomUUID(), b.conversation, "hi", "SMa1", randomUUID(), "hello", "{}", "{}", b.client, true, new Date(), randomUUID(), 5, randomUUID(), "2030-01", 100, "pro"],
  },
  "turn.closeHeld": {
    text: TURN_SQL.closeHeld,
    values: (t) => [t, randomUUID(), b.conversation, "hi", "SMa2", randomUUID(), new Date()],
  },
  "turn.seedRehearsal": { text: TURN_SQL.seedRehearsal, values: (t) => [t, "web", "rehearsal:isolation", "{}"] },
  "turn.clientByPhone": { text: TURN_SQL.clientByPhone, values: (t) => [t, b.phone] },
  "turn.clientIdsNamed": { text: TURN_SQL.clientIdsNamed, values: (t) => [t, b.name] },
  "turn.ensureClient": { text: TURN_SQL.ensureClient, values: (t) => [t, b.name, b.phone, null] },
  "turn.bookedAppointments": { text: TURN_SQL.bookedAppointments, values: (t) => [t, [b.appointment]] },
  "turn.lastResource": { text: TURN_SQL.lastResource, values: (t) => [t, b.client, new Date("2031-01-01T00:00:00Z")] },
  "tool.conversation": { text: TOOL_SQL.conversation, values: (t) => [t, b.conversationExternal] },
  "tool.toolMessage": { text: TOOL_SQL.toolMessage, values: (t) => [t, b.conversation, "checked", "{}"] },
  "tool.handOff": { text: `${TOOL_SQL.handOff} RETURNING id`, values: (t) => [t, b.conversation] },
  "tool.callerUpcoming": { text: TOOL_SQL.callerUpcoming, values: (t) => [t, b.phone, new Date("2029-01-01T00:00:00Z")] },
  "tool.lastResource": { text: TOOL_SQL.lastResource, values: (t) => [t, b.phone, new Date("2031-01-01T00:00:00Z")] },
  "ledger.claim": { text: LEDGER_SQL.claim, values: (t) => [t, b.toolCall, "check_availability", b.conversationExternal] },
  "ledger.settle": {
    text: `${LEDGER_SQL.settle} RETURNING id`,
    values: (t) => [t, b.toolCall, '{"result":"forged"}', b.conversation, "forged", "{}"],
  },
  "ledger.read": { text: LEDGER_SQL.read, values: (t) => [t, b.toolCall] },
  // The plan's counters (lib/billing): the new conversation's count rides in a turn's first round trip.
  "billing.count": {
    text: COUNT_SQL,
    values: (t) => [t, b.period, "conversations", 1, 10, 20, "starter", "overage:conversations:b", "frontdesk_overage_conversations", true],
  },
  "billing.callCounted": { text: CALL_COUNTED_SQL, values: (t) => [t, "voice_call:b"] },
  "billing.minutesUsed": { text: MINUTES_USED_SQL, values: (t) => [t, b.period] },
  "booking.busy": { text: BOOKING_SQL.busy, values: (t) => [t, new Date("2030-01-08T00:00:00Z"), new Date("2030-01-09T00:00:00Z"), null] },
  "booking.insert": {
    text: BOOKING_SQL.insert,
    values: (t) => [t, b.service, b.client, null, new Date("2030-01-08T10:00:00Z"), new Date("2030-01-08T10:30:00Z"), "voice"],
  },
  "booking.move": { text: `${BOOKING_SQL.move} RETURNING id`, values: (t) => [t, b.appointment, slot.startsAt, slot.endsAt] },
  "booking.booked": { text: BOOKING_SQL.booked, values: (t) => [t, b.appointment] },
  "booking.cancel": { text: BOOKING_SQL.cancel, values: (t) => [t, b.appointment] },
  "booking.upcoming": { text: BOOKING_SQL.upcoming, values: (t) => [t, [b.client], new Date("2029-01-01T00:00:00Z"), 10] },
};

const TABLES = ["clients", "services", "conversations", "messages", "appointments", "usage_events", "vapi_tool_calls", "usage_counters", "billing_notices"];

/** B's rows, as the superuser sees them: any change shows. */
async function snapshotOfB(client: pg.Client): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const r = await client.query(`SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') AS rows FROM ${table} t WHERE tenant_id = $1`, [B]);
    parts.push(`${table}:${r.rows[0].rows}`);
  }
  return parts.join("\n");
}

const idsOfB = () => [B, b.client, b.service, b.conversation, b.message, b.appointment, b.phone, b.messageExternal];
// A claim is the tenant's own row even under another tenant's tool call id.
const CREATES_OWN_ROW = ["turn.openByExternalId", "turn.ensureClient", "tool.conversation", "ledger.claim", "billing.count", "billing.callCounted"];

/**
 * Runs one statement in a transaction that is rolled back, under A's tenant
 * setting, as the app role or the superuser; reports what it returned and
 * whether B's rows changed.
 */
async function attempt(text: string, values: unknown[], asApp: boolean) {
  await admin.query("BEGIN");
  try {
    await admin.query("SELECT set_config('app.tenant_id', $1, true)", [A]);
    const before = await snapshotOfB(admin);
    await admin.query("SAVEPOINT probe");
    if (asApp) await admin.query("SET LOCAL ROLE frontdesk_app");
    let rows: unknown[] = [];
    let refused: string | null = null;
    try {
      rows = (await admin.query(text, values)).rows;
    } catch (error) {
      refused = (error as { code?: string }).code ?? "error";
      await admin.query("ROLLBACK TO SAVEPOINT probe");
    }
    await admin.query("RESET ROLE");
    return { rows, refused, changedB: (await snapshotOfB(admin)) !== before };
  } finally {
    await admin.query("ROLLBACK");
  }
}

beforeAll(async () => {
  db = await createTestDatabase("raw-isolation");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  A = await insertTenant(admin, "raw-a");
  B = await insertTenant(admin, "raw-b");
  await admin.query(`INSERT INTO services (tenant_id, id, name, duration_minutes, updated_at) VALUES ($1, $2, 'Consultation', 30, now())`, [B, b.service]);
  await admin.query(`INSERT INTO clients (tenant_id, id, name, phone, updated_at) VALUES ($1, $2, $3, $4, now())`, [B, b.client, b.name, b.phone]);
  await admin.query(
    `INSERT INTO conversations (tenant_id, id, channel, external_id, client_id, state, updated_at) VALUES ($1, $2, 'voice', $3, $4, $5, now())`,
    [B, b.conversation, b.conversationExternal, b.client, JSON.stringify({ caller: { phone: b.phone } })],
  );
  await admin.query(
    `INSERT INTO messages (tenant_id, id, conversation_id, role, content, external_id) VALUES ($1, $2, $3, 'caller', 'B said', $4)`,
    [B, b.message, b.conversation, b.messageExternal],
  );
  await admin.query(`INSERT INTO vapi_tool_calls (tenant_id, tool_call_id, name, claimed_at) VALUES ($1, $2, 'book_appointment', $3)`, [
    B,
    b.toolCall,
    b.toolCallClaimedAt,
  ]);
  // B's month is at its 80% notice: a statement that reached B's counter would show in the snapshot.
  await admin.query(
    `INSERT INTO usage_counters (tenant_id, id, period, metric, used, included, ceiling, plan_code, updated_at)
     VALUES ($1, gen_random_uuid(), $2, 'conversations', 8, 10, 20, 'starter', now())`,
    [B, b.period],
  );
  await admin.query(
    `INSERT INTO appointments (tenant_id, id, service_id, client_id, starts_at, ends_at, status, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'booked', now())`,
    [B, b.appointment, b.service, b.client, slot.startsAt, slot.endsAt],
  );
});

afterAll(async () => {
  await admin?.end();
  await db?.drop();
});

it("has a case for every raw statement of the hot path", () => {
  const statements = [
    ...Object.keys(TURN_SQL).map((k) => `turn.${k}`),
    ...Object.keys(BOOKING_SQL).map((k) => `booking.${k}`),
    ...Object.keys(TOOL_SQL).map((k) => `tool.${k}`),
    ...Object.keys(LEDGER_SQL).map((k) => `ledger.${k}`),
  ];
  expect(statements.filter((name) => !(name in CASES))).toEqual([]);
});

describe.each(Object.entries(CASES))("%s", (_name, { text, values }) => {
  it("its own tenant predicate keeps B's rows out of A's request, without row-level security", async () => {
    const outcome = await attempt(text, values(A), false);
    const returned = JSON.stringify(outcome.rows);
    expect(idsOfB().filter((id) => returned.includes(id))).toEqual([]);
    expect(outcome.changedB).toBe(false);
    // A statement that only reads or matches by id finds nothing of B's.
    if (!outcome.refused && !CREATES_OWN_ROW.includes(_name)) expect(outcome.rows).toEqual([]);
  });

  it("row-level security refuses it when it names B under A's tenant setting", async () => {
    const outcome = await attempt(text, values(B), true);
    expect(JSON.stringify(outcome.rows)).not.toContain(b.client);
    expect(outcome.rows).toEqual([]);
    expect(outcome.changedB).toBe(false);
  });
});
