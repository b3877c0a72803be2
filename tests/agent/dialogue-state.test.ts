import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReceptionist } from "@/lib/agent";
import { readDialogueState } from "@/lib/agent/dialogue-state";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";

/*
 * The dialogue state is plain JSON in conversations.state: states written by
 * the release before the step union are converted where they still make
 * sense, anything unreadable starts afresh with the caller kept, and a
 * conversation stored mid-booking by the old release finishes under the new one.
 */

const SERVICE = "11111111-1111-4111-8111-111111111111";
const APPOINTMENT = "22222222-2222-4222-8222-222222222222";
const AT = "2030-01-08T09:00:00.000Z";
const legacy = (flow: Record<string, unknown>) => ({ turns: 3, misunderstandings: 0, caller: { name: "Ada", phone: "+41790000000" }, flow });

describe("reading stored states", () => {
  it.each([
    [{ kind: "book", awaiting: "confirm", serviceId: SERVICE, startsAt: AT }, { awaiting: "booking_confirmation", serviceId: SERVICE, startsAt: AT }],
    [{ kind: "book", awaiting: "name", serviceId: SERVICE, startsAt: AT, prompt: "À quel nom ?" }, { awaiting: "name", serviceId: SERVICE, startsAt: AT, prompt: "À quel nom ?" }],
    [{ kind: "book", awaiting: "time", serviceId: SERVICE, proposals: [AT], date: "2030-01-08" }, { awaiting: "time", serviceId: SERVICE, proposals: [AT], date: "2030-01-08", dateOptions: [] }],
    [{ kind: "book", awaiting: "confirm", startsAt: AT }, { awaiting: "service" }],
    [{ kind: "book", awaiting: "service", when: { date: "2030-01-08", period: "morning" } }, { awaiting: "service", when: { date: "2030-01-08", period: "morning", approximate: false, soonest: false } }],
    [{ kind: "cancel", awaiting: "pick", candidates: [APPOINTMENT] }, { awaiting: "appointment_choice", change: "cancel", candidates: [APPOINTMENT] }],
    [{ kind: "move", awaiting: "lookup_name" }, { awaiting: "appointment_owner", change: "move" }],
    [{ kind: "cancel", awaiting: "confirm", appointmentId: APPOINTMENT }, { awaiting: "cancel_confirmation", appointmentId: APPOINTMENT }],
    [{ kind: "move", awaiting: "confirm", appointmentId: APPOINTMENT, serviceId: SERVICE, startsAt: AT }, { awaiting: "move_confirmation", appointmentId: APPOINTMENT, serviceId: SERVICE, startsAt: AT }],
    [{ kind: "move", awaiting: "time", appointmentId: APPOINTMENT, serviceId: SERVICE }, { awaiting: "new_time", appointmentId: APPOINTMENT, serviceId: SERVICE, proposals: [], dateOptions: [] }],
  ])("converts the old flow %j", (flow, step) => {
    const state = readDialogueState(legacy(flow));
    expect(state.step).toEqual(step);
    expect(state.caller).toEqual({ name: "Ada", phone: "+41790000000" });
    expect(state.turns).toBe(3);
  });

  it.each([
    ["an old confirmation without its appointment", legacy({ kind: "cancel", awaiting: "confirm" })],
    ["an old flow of an unknown kind", legacy({ kind: "refund", awaiting: "confirm" })],
    ["a step awaiting something unknown", { turns: 2, caller: { name: "Ada" }, step: { awaiting: "payment" } }],
    ["a confirmation step without its time", { turns: 2, caller: { name: "Ada" }, step: { awaiting: "booking_confirmation", serviceId: SERVICE } }],
    ["a step with a service id that is not one", { turns: 2, caller: { name: "Ada" }, step: { awaiting: "time", serviceId: "x", proposals: [] } }],
  ])("drops %s and keeps the caller", (_, raw) => {
    const state = readDialogueState(raw);
    expect(state.step).toBeNull();
    expect(state.caller.name).toBe("Ada");
  });

  it("reads anything else as a fresh conversation, one bad field at a time", () => {
    expect(readDialogueState(null)).toEqual({ turns: 0, misunderstandings: 0, step: null, caller: {} });
    expect(readDialogueState("garbage")).toEqual({ turns: 0, misunderstandings: 0, step: null, caller: {} });
    expect(readDialogueState({ turns: -4, caller: { name: "x".repeat(500) }, locale: "de", misunderstandings: 1 })).toEqual({
      turns: 0,
      misunderstandings: 1,
      step: null,
      caller: {},
    });
  });
});

describe("a conversation stored by the previous release", () => {
  let s: SeededTenants;
  beforeAll(async () => {
    s = await seededTenants("legacy-state");
  });
  afterAll(async () => {
    await s?.close();
  });

  it("finishes the booking it was confirming, at the time it had read back", async () => {
    const tenant = s.tenantId("cabinet-dupont");
    const service = (await s.admin.query("SELECT id FROM services WHERE tenant_id = $1 AND name = 'Consultation'", [tenant])).rows[0].id;
    const startsAt = s.local("cabinet-dupont", "2030-01-08", "10:00").toISOString();
    const now = s.local("cabinet-dupont", "2030-01-07", "08:00");
    const state = {
      locale: "fr",
      turns: 4,
      lastTurnAt: new Date(now.getTime() - 60_000).toISOString(),
      misunderstandings: 0,
      caller: { name: "Ada Lovelace", phone: "+41795550000" },
      flow: { kind: "book", awaiting: "confirm", serviceId: service, startsAt, candidates: [], proposals: [] },
    };
    await s.admin.query(
      `INSERT INTO conversations (tenant_id, channel, external_id, state, updated_at) VALUES ($1, 'web', 'legacy-1', $2, now())`,
      [tenant, JSON.stringify(state)],
    );
    const out = await runAsTenant(tenant, () =>
      createReceptionist(s.client).runAgentTurn({ channel: "web", externalId: "legacy-1", message: "oui", now }),
    );
    expect(out.reply).toBe("C'est réservé : Consultation le mardi 8 janvier à 10h00. À bientôt !");
    const rows = await s.admin.query("SELECT starts_at FROM appointments WHERE tenant_id = $1", [tenant]);
    expect(rows.rows.map((r) => (r.starts_at as Date).toISOString())).toEqual([startsAt]);
  });
});
