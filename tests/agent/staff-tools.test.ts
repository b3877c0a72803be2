import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AGENT_TOOL_DEFINITIONS, createAgentTools, type AgentToolContext } from "@/lib/agent";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type DemoSlug, type SeededTenants } from "../booking/seeded-tenants";
import { addStaff } from "./staff-setup";

/*
 * The voice tools' optional `staff` argument: Salon Amel has Karim (its
 * default diary), Sonia and Léa (cuts only); Maple Dental keeps one diary.
 */

let s: SeededTenants;
let tools: ReturnType<typeof createAgentTools>;

beforeAll(async () => {
  s = await seededTenants("staff-tools");
  await addStaff(s, "salon-amel", "Karim", [{ name: "Sonia" }, { name: "Léa", services: ["Coupe"] }]);
  tools = createAgentTools(s.client);
});
afterAll(async () => {
  await s?.close();
});
beforeEach(() => s.reset());

const call = (slug: DemoSlug, name: string, args: Record<string, unknown>, ctx: Omit<AgentToolContext, "now"> = {}) =>
  runAsTenant(s.tenantId(slug), () => tools.runAgentTool(name, args, { now: s.local(slug, "2030-01-07", "08:00"), ...ctx }));

const stored = async () =>
  (
    await s.admin.query(
      `SELECT s.name AS service, r.name AS resource, a.starts_at FROM appointments a
       JOIN services s ON s.id = a.service_id JOIN resources r ON r.id = a.resource_id
       WHERE a.tenant_id = $1 ORDER BY a.starts_at, r.name`,
      [s.tenantId("salon-amel")],
    )
  ).rows.map((r) => `${r.service} ${r.resource}`);

describe("the staff argument", () => {
  it("is offered on check_availability and book_appointment, optional", () => {
    for (const name of ["check_availability", "book_appointment"] as const) {
      const tool = AGENT_TOOL_DEFINITIONS.find((t) => t.name === name)!;
      const parameters = tool.parameters as { properties: Record<string, { type: string }>; required: string[] };
      expect(parameters.properties.staff).toMatchObject({ type: "string" });
      expect(parameters.required).not.toContain("staff");
    }
  });

  it("takes an empty or blank staff as no preference, as models send for a blank optional argument", async () => {
    for (const staff of ["", "   "]) {
      const answer = await call("salon-amel", "check_availability", { service: "coupe", date: "2030-01-10", time: "10:00", staff });
      expect("result" in answer && answer.result).toMatch(/est libre/);
    }
  });

  it("checks a person's own diary and names them", async () => {
    expect(await call("salon-amel", "check_availability", { service: "coupe", date: "2030-01-10", time: "10:00", staff: "karim" })).toEqual({
      result: "Coupe avec Karim : jeudi 10 janvier à 10h00 (2030-01-10T10:00:00+01:00) est libre.",
    });
    const day = await call("salon-amel", "check_availability", { service: "haircut", date: "2030-01-10", staff: "Sonia", language: "en" });
    expect("result" in day && day.result).toMatch(/^Haircut with Sonia, free slots on Thursday, January 10: 9:00 AM \(2030-01-10T09:00:00\+01:00\) \[Sonia\]/);
  });

  it("books the person asked for, or whoever is free for 'anyone', and says who", async () => {
    const ctx = { callerPhone: "+213551234567" };
    const sonia = await call("salon-amel", "book_appointment", { service: "Coupe", startsAt: "2030-01-10T10:00", name: "Nadia Saïdi", staff: "Sonia" }, ctx);
    expect("result" in sonia && sonia.result).toMatch(/^Réservé : Coupe avec Sonia le jeudi 10 janvier à 10h00 au nom de Nadia Saïdi/);
    const anyone = await call("salon-amel", "book_appointment", { service: "Coupe", startsAt: "2030-01-10T10:00", name: "Nadia Saïdi", staff: "anyone" }, ctx);
    expect("result" in anyone && anyone.result).toMatch(/^Réservé : Coupe avec Karim le jeudi 10 janvier à 10h00/);
    expect(await stored()).toEqual(["Coupe Karim", "Coupe Sonia"]);
  });

  it("when the person is taken: their nearest times, then who else is free then", async () => {
    const ctx = { callerPhone: "+213551234567" };
    await call("salon-amel", "book_appointment", { service: "Coupe", startsAt: "2030-01-10T10:00", name: "Nadia Saïdi", staff: "Karim" }, ctx);
    const taken = await call("salon-amel", "check_availability", { service: "Haircut", date: "2030-01-10", time: "10:00", staff: "Karim", language: "en" });
    expect("result" in taken && taken.result).toMatch(
      /^Thursday, January 10 at 10:00 AM is already booked\. Nearest free slots: .*\[Karim\].* Sonia is free at that time: Thursday, January 10 at 10:00 AM \(2030-01-10T10:00:00\+01:00\)\.$/,
    );
    const refused = await call("salon-amel", "book_appointment", { service: "Coupe", startsAt: "2030-01-10T10:00", name: "Other", staff: "Karim" }, { callerPhone: "+213551234568" });
    expect("error" in refused && refused.error).toMatch(/^Jeudi 10 janvier à 10h00 est déjà réservé|déjà pris|réservé/);
  });

  it("answers an unknown, ambiguous or unsuitable person with a line the assistant can say", async () => {
    expect(await call("salon-amel", "check_availability", { service: "coupe", staff: "Julien" })).toEqual({
      error: "Personne du nom de Julien dans l'équipe. Équipe : Karim, Sonia et Léa.",
    });
    expect(await call("salon-amel", "check_availability", { service: "coloration", staff: "Léa", language: "en" })).toEqual({
      error: "Léa doesn't do Colouring. For Colouring: Karim and Sonia.",
    });
    expect(await call("salon-amel", "book_appointment", { service: "Coupe", startsAt: "2030-01-10T10:00", name: "A B", staff: "x".repeat(101) })).toMatchObject({
      error: expect.stringContaining("Invalid arguments: staff"),
    });
  });

  it("is ignored by a business with a single diary", async () => {
    expect(await call("maple-dental", "check_availability", { service: "cleaning", date: "2030-01-08", time: "10:00", staff: "Dr Who" })).toEqual({
      result: "Cleaning: Tuesday, January 8 at 10:00 AM (2030-01-08T10:00:00-05:00) is free.",
    });
  });
});
