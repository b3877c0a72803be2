import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AGENT_TOOL_DEFINITIONS, createAgentTools, type AgentToolContext } from "@/lib/agent";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type DemoSlug, type SeededTenants } from "../booking/seeded-tenants";

let s: SeededTenants;
let tools: ReturnType<typeof createAgentTools>;

beforeAll(async () => {
  s = await seededTenants("tools");
  tools = createAgentTools(s.client);
});
afterAll(async () => {
  await s?.close();
});
beforeEach(() => s.reset());

const call = (slug: DemoSlug, name: string, args: Record<string, unknown>, ctx: Omit<AgentToolContext, "now"> = {}) =>
  runAsTenant(s.tenantId(slug), () =>
    tools.runAgentTool(name, args, { now: s.local(slug, "2030-01-07", "08:00"), ...ctx }),
  );

const booked = async (slug: DemoSlug) =>
  (
    await s.admin.query(
      `SELECT s.name, a.starts_at, a.status, a.channel, c.external_id FROM appointments a
       JOIN services s ON s.id = a.service_id LEFT JOIN conversations c ON c.id = a.conversation_id
       WHERE a.tenant_id = $1 ORDER BY a.starts_at`,
      [s.tenantId(slug)],
    )
  ).rows;

describe("tool definitions", () => {
  it("describe the five voice tools with JSON schemas", () => {
    expect(AGENT_TOOL_DEFINITIONS.map((t) => t.name)).toEqual([
      "check_availability",
      "book_appointment",
      "cancel_appointment",
      "reschedule_appointment",
      "transfer_call",
    ]);
    for (const t of AGENT_TOOL_DEFINITIONS) {
      expect(t.description.length).toBeGreaterThan(20);
      expect(t.parameters).toMatchObject({ type: "object", properties: expect.any(Object) });
    }
  });
});

describe("check_availability", () => {
  it("says whether a time is free, with its exact ISO time", async () => {
    expect(await call("cabinet-dupont", "check_availability", { service: "consultation", date: "demain", time: "10h" })).toEqual({
      result: "Consultation : mardi 8 janvier à 10h00 (2030-01-08T10:00:00+01:00) est libre.",
    });
  });

  it("offers the nearest slots when the time is closed, and lists a day's slots", async () => {
    const closed = await call("maple-dental", "check_availability", { service: "exam", date: "2030-01-12", time: "10:00" });
    expect("result" in closed && closed.result).toContain("We are closed on Saturday, January 12 at 10:00 AM. Nearest free slots: Friday, January 11 at 9:45 AM (2030-01-11T09:45:00-05:00)");
    const day = await call("salon-amel", "check_availability", { service: "coupe", date: "2030-01-08", language: "en" });
    expect("result" in day && day.result).toMatch(/^Haircut, free slots on Tuesday, January 8: 9:00 AM \(2030-01-08T09:00:00\+01:00\), 9:15 AM/);
  });

  it("reports an unknown service as an error line", async () => {
    expect(await call("salon-amel", "check_availability", { service: "massage" })).toEqual({
      error: "Prestation inconnue. Prestations proposées : Coloration ou Coupe.",
    });
  });
});

describe("book, reschedule, cancel", () => {
  it("books with the caller id, links the call's conversation and stores a tool message", async () => {
    const ctx = { callerPhone: "+14165550100", conversationExternalId: "call-1" };
    const out = await call("maple-dental", "book_appointment", { service: "Cleaning", startsAt: "2030-01-08T10:00:00-05:00", name: "Jane Doe" }, ctx);
    expect("result" in out && out.result).toMatch(/^Booked: Cleaning on Tuesday, January 8 at 10:00 AM for Jane Doe \(reference [0-9a-f-]{36}\)\.$/);
    expect(await booked("maple-dental")).toMatchObject([{ name: "Cleaning", status: "booked", channel: "voice", external_id: "call-1" }]);
    const tool = await s.admin.query("SELECT role, content FROM messages WHERE tenant_id = $1", [s.tenantId("maple-dental")]);
    expect(tool.rows).toMatchObject([{ role: "tool", content: out && "result" in out ? out.result : "" }]);

    const taken = await call("maple-dental", "book_appointment", { service: "Checkup", startsAt: "2030-01-08T10:30", name: "Other Person" }, {
      callerPhone: "+14165550101",
    });
    expect("error" in taken && taken.error).toMatch(/^Tuesday, January 8 at 10:30 AM is already booked\. Nearest free slots: Tuesday, January 8 at 10:45 AM \(2030-01-08T10:45:00-05:00\); .*11:00 AM.*11:15 AM/);

    const moved = await call("maple-dental", "reschedule_appointment", { newStartsAt: "tomorrow at 2pm" }, ctx);
    expect(moved).toEqual({ result: "Moved: Cleaning to Tuesday, January 8 at 2:00 PM." });

    const cancelled = await call("maple-dental", "cancel_appointment", {}, ctx);
    expect(cancelled).toEqual({ result: "Cancelled: Cleaning on Tuesday, January 8 at 2:00 PM." });
    expect((await booked("maple-dental")).map((r) => r.status)).toEqual(["cancelled"]);
  });

  it("returns user errors as { error }, never throws", async () => {
    expect(await call("cabinet-dupont", "book_appointment", { service: "Consultation", startsAt: "2030-01-08T10:00" })).toEqual({
      error: "Invalid arguments: name: Invalid input: expected string, received undefined.",
    });
    expect(await call("cabinet-dupont", "book_appointment", { service: "Consultation", startsAt: "whenever", name: "A B" })).toMatchObject({
      error: expect.stringContaining("startsAt:"),
    });
    expect(await call("cabinet-dupont", "book_appointment", { service: "Consultation", startsAt: "2030-01-08T10:00", name: "A B" })).toEqual({
      error: "Il faut un numéro de téléphone.",
    });
    expect(await call("cabinet-dupont", "cancel_appointment", {}, { callerPhone: "+41790000009" })).toEqual({
      error: "Aucun rendez-vous à venir pour ce numéro.",
    });
    expect(await call("cabinet-dupont", "launch_rockets", {})).toEqual({ error: "Unknown tool launch_rockets." });
  });

  it("asks which appointment when the caller has several", async () => {
    const ctx = { callerPhone: "+41791234567" };
    for (const startsAt of ["2030-01-08T10:00", "2030-01-09T10:00"]) {
      await call("cabinet-dupont", "book_appointment", { service: "Consultation", startsAt, name: "Marie Curie" }, ctx);
    }
    const ambiguous = await call("cabinet-dupont", "cancel_appointment", {}, ctx);
    expect("error" in ambiguous && ambiguous.error).toMatch(/^Plusieurs rendez-vous, précisez lequel : Consultation mardi 8 janvier à 10h00 \(2030-01-08T10:00:00\+01:00\); Consultation mercredi 9 janvier/);
    expect(await call("cabinet-dupont", "cancel_appointment", { startsAt: "2030-01-09T10:00:00+01:00" }, ctx)).toEqual({
      result: "Annulé : Consultation du mercredi 9 janvier à 10h00.",
    });
  });
});

describe("transfer_call", () => {
  it("returns the tenant's transfer number and marks the call handed off", async () => {
    expect(await call("salon-amel", "transfer_call", { reason: "wants a human" }, { conversationExternalId: "call-9" })).toEqual({
      result: "Transfer the call to +21321550100.",
    });
    const convo = await s.admin.query("SELECT status FROM conversations WHERE external_id = 'call-9'");
    expect(convo.rows[0].status).toBe("handed_off");
  });
});
