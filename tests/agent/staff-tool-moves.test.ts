import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AGENT_TOOL_DEFINITIONS, createAgentTools, type AgentToolContext } from "@/lib/agent";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type DemoSlug, type SeededTenants } from "../booking/seeded-tenants";
import { addStaff } from "./staff-setup";

/*
 * The voice tools' `staff` argument turning someone down ("not Karim", "sauf
 * Karim") as the chat does, and reschedule_appointment's own `staff`. Salon
 * Amel has Karim (its default diary), Sonia and Léa (cuts only); Maple Dental
 * keeps one diary. Monday 2030-01-07 08:00.
 */

let s: SeededTenants;
let tools: ReturnType<typeof createAgentTools>;

beforeAll(async () => {
  s = await seededTenants("staff-tool-moves");
  await addStaff(s, "salon-amel", "Karim", [{ name: "Sonia" }, { name: "Léa", services: ["Coupe"] }]);
  tools = createAgentTools(s.client);
});
afterAll(async () => {
  await s?.close();
});
beforeEach(() => s.reset());

const nadia = { callerPhone: "+213551234567" };
const call = (slug: DemoSlug, name: string, args: Record<string, unknown>, ctx: Omit<AgentToolContext, "now"> = {}) =>
  runAsTenant(s.tenantId(slug), () => tools.runAgentTool(name, args, { now: s.local(slug, "2030-01-07", "08:00"), ...ctx }));
const result = (answer: { result: string } | { error: string }) => ("result" in answer ? answer.result : `ERROR ${answer.error}`);

const stored = async (slug: DemoSlug = "salon-amel") =>
  (
    await s.admin.query(
      `SELECT s.name AS service, r.name AS resource, to_char(a.starts_at AT TIME ZONE t.timezone, 'YYYY-MM-DD HH24:MI') AS at
       FROM appointments a JOIN services s ON s.id = a.service_id JOIN resources r ON r.id = a.resource_id JOIN tenants t ON t.id = a.tenant_id
       WHERE a.tenant_id = $1 AND a.status = 'booked' ORDER BY a.starts_at, r.name`,
      [s.tenantId(slug)],
    )
  ).rows.map((r) => `${r.service} ${r.at} ${r.resource}`);

const book = (staff: string, startsAt = "2030-01-09T10:00", service = "Coupe", ctx = nadia) =>
  call("salon-amel", "book_appointment", { service, startsAt, name: "Nadia Saïdi", staff }, ctx);

describe("turning someone down over the staff argument", () => {
  it.each(["not Karim", "pas Karim", "sauf Karim", "anyone but Karim", "n'importe qui sauf Karim", "pas avec Karim svp", "without Karim"])(
    "'%s' checks the others and says whose the free time is",
    async (staff) => {
      expect(result(await call("salon-amel", "check_availability", { service: "coupe", date: "2030-01-10", time: "10:00", staff }))).toBe(
        "Coupe avec Sonia : jeudi 10 janvier à 10h00 (2030-01-10T10:00:00+01:00) est libre.",
      );
    },
  );

  it("lists only the others' times for a day", async () => {
    const day = result(await call("salon-amel", "check_availability", { service: "haircut", date: "2030-01-10", staff: "anyone but Karim", language: "en" }));
    expect(day).toMatch(/^Haircut, free slots on Thursday, January 10: 9:00 AM \(2030-01-10T09:00:00\+01:00\) \[(Sonia|Léa)\]/);
    expect(day).not.toContain("[Karim]");
  });

  it("books whoever else is free then and names them; Karim is never booked", async () => {
    expect(result(await book("anyone but Karim"))).toMatch(/^Réservé : Coupe avec Sonia le mercredi 9 janvier à 10h00 au nom de Nadia Saïdi/);
    expect(result(await book("sauf Karim", "2030-01-09T10:00", "Coupe", { callerPhone: "+213551234568" }))).toMatch(/^Réservé : Coupe avec Léa le mercredi 9 janvier à 10h00/);
    const third = await book("pas Karim", "2030-01-09T10:00", "Coupe", { callerPhone: "+213551234569" });
    expect(result(third)).toMatch(/^ERROR Le mercredi 9 janvier à 10h00 est déjà pris\. Créneaux libres les plus proches : .*\[Sonia\]/);
    expect(result(third)).not.toContain("Karim");
    expect(await stored()).toEqual(["Coupe 2030-01-09 10:00 Léa", "Coupe 2030-01-09 10:00 Sonia"]);
  });

  it("with one other person left for the service, that person is the one asked for", async () => {
    expect(result(await call("salon-amel", "check_availability", { service: "coloration", date: "2030-01-10", time: "10:00", staff: "not Karim", language: "en" }))).toBe(
      "Colouring with Sonia: Thursday, January 10 at 10:00 AM (2030-01-10T10:00:00+01:00) is free.",
    );
  });

  it("answers an unknown name turned down, and nobody left, with a line the assistant can say", async () => {
    expect(await call("salon-amel", "check_availability", { service: "coupe", staff: "pas Julien" })).toEqual({
      error: "Personne du nom de Julien dans l'équipe. Équipe : Karim, Sonia et Léa.",
    });
    // Colouring by Karim alone for this test: turning him down leaves nobody.
    const tenant = s.tenantId("salon-amel");
    const link = `FROM resources r, services v WHERE r.tenant_id = $1 AND v.tenant_id = $1 AND r.name = 'Sonia' AND v.name = 'Coloration'`;
    await s.admin.query(`DELETE FROM resource_services WHERE (tenant_id, resource_id, service_id) IN (SELECT $1::uuid, r.id, v.id ${link})`, [tenant]);
    const version = (await s.admin.query("SELECT config_version FROM tenants WHERE id = $1", [tenant])).rows[0].config_version as number;
    try {
      expect(await call("salon-amel", "check_availability", { service: "coloration", staff: "not Karim", language: "en" }, { configVersion: Number(version) })).toEqual({
        error: "Nobody else does Colouring: only Karim.",
      });
    } finally {
      await s.admin.query(`INSERT INTO resource_services (tenant_id, resource_id, service_id) SELECT $1, r.id, v.id ${link}`, [tenant]);
      const restored = Number((await s.admin.query("SELECT config_version FROM tenants WHERE id = $1", [tenant])).rows[0].config_version);
      await call("salon-amel", "check_availability", { service: "coupe" }, { configVersion: restored });
    }
  });

  it("takes a role or 'the other one' as no preference, never as an unknown person", async () => {
    for (const staff of ["la coiffeuse", "the hairdresser", "l'avocat", "the other hairdresser", "peu importe"]) {
      expect(result(await call("salon-amel", "check_availability", { service: "coupe", date: "2030-01-10", time: "10:00", staff }))).toMatch(/est libre\.$/);
    }
  });
});

describe("'the same as last time' over the staff argument", () => {
  it("reads the caller's last person by their number, or says none is known", async () => {
    const tenant = s.tenantId("salon-amel");
    await s.admin.query(
      `WITH c AS (INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Nadia Saïdi', $2, now()) RETURNING id)
       INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, updated_at, resource_id)
       SELECT $1, v.id, c.id, '2030-01-05T09:00:00Z', '2030-01-05T09:30:00Z', 'completed', now(), r.id
       FROM c, services v, resources r WHERE v.tenant_id = $1 AND v.name = 'Coupe' AND r.tenant_id = $1 AND r.name = 'Léa'`,
      [tenant, nadia.callerPhone],
    );
    const args = { service: "coupe", date: "2030-01-10", time: "10:00", staff: "the same person as last time", language: "en" };
    expect(result(await call("salon-amel", "check_availability", args, nadia))).toBe("Haircut with Léa: Thursday, January 10 at 10:00 AM (2030-01-10T10:00:00+01:00) is free.");
    expect(result(await call("salon-amel", "check_availability", { ...args, staff: "same as last time" }, nadia))).toMatch(/^Haircut with Léa:/);
    expect(result(await call("salon-amel", "check_availability", { ...args, staff: "la même que la dernière fois" }, nadia))).toMatch(/^Haircut with Léa:/);
    expect(await call("salon-amel", "check_availability", args, { callerPhone: "+213551999999" })).toEqual({
      error: "No earlier appointment found for this number; ask who: Karim, Sonia and Léa.",
    });
  });
});

describe("a person on days off over the staff argument", () => {
  it("says so before the refusal, with the day they are back and who else is free then", async () => {
    const tenant = s.tenantId("salon-amel");
    const off = await s.admin.query<{ id: string }>(
      `INSERT INTO resource_closures (tenant_id, resource_id, starts_on, ends_on, reason)
       SELECT $1, id, '2030-01-08', '2030-01-12', 'congés' FROM resources WHERE tenant_id = $1 AND name = 'Karim' RETURNING id`,
      [tenant],
    );
    const version = Number((await s.admin.query("SELECT config_version FROM tenants WHERE id = $1", [tenant])).rows[0].config_version);
    try {
      const at = result(await call("salon-amel", "check_availability", { service: "coupe", date: "2030-01-10", time: "10:00", staff: "Karim" }, { configVersion: version }));
      expect(at).toMatch(/^Karim ne travaille pas le jeudi 10 janvier \(de retour le mardi 15 janvier\)\. Le jeudi 10 janvier à 10h00 est déjà pris\./);
      expect(at).toContain("Sonia est libre à ce moment-là : jeudi 10 janvier à 10h00");
      const day = result(await call("salon-amel", "check_availability", { service: "coupe", date: "2030-01-09", staff: "Karim", language: "en" }, { configVersion: version }));
      expect(day).toMatch(/^Karim isn't working on Wednesday, January 9 \(back on Tuesday, January 15\)\. No free slot on Wednesday, January 9\./);
      const sonia = result(await call("salon-amel", "check_availability", { service: "coupe", date: "2030-01-10", time: "10:00", staff: "Sonia" }, { configVersion: version }));
      expect(sonia).not.toContain("ne travaille pas");
    } finally {
      await s.admin.query("DELETE FROM resource_closures WHERE id = $1", [off.rows[0]!.id]);
      // The cached configuration catches up before the next test.
      const restored = Number((await s.admin.query("SELECT config_version FROM tenants WHERE id = $1", [tenant])).rows[0].config_version);
      await call("salon-amel", "check_availability", { service: "coupe" }, { configVersion: restored });
    }
  });
});

describe("reschedule_appointment's staff", () => {
  it("is offered, optional", () => {
    const tool = AGENT_TOOL_DEFINITIONS.find((t) => t.name === "reschedule_appointment")!;
    const parameters = tool.parameters as { properties: Record<string, { type: string }>; required: string[] };
    expect(parameters.properties.staff).toMatchObject({ type: "string" });
    expect(parameters.required).not.toContain("staff");
  });

  it("without it, the appointment keeps its person", async () => {
    await book("Karim");
    expect(result(await call("salon-amel", "reschedule_appointment", { newStartsAt: "2030-01-10T11:00" }, nadia))).toBe("Déplacé : Coupe le jeudi 10 janvier à 11h00.");
    expect(await stored()).toEqual(["Coupe 2030-01-10 11:00 Karim"]);
  });

  it("moves to the person named, and says so", async () => {
    await book("Karim");
    expect(result(await call("salon-amel", "reschedule_appointment", { newStartsAt: "2030-01-10T11:00", staff: "Sonia", language: "en" }, nadia))).toBe(
      "Moved: Haircut with Sonia to Thursday, January 10 at 11:00 AM.",
    );
    expect(await stored()).toEqual(["Coupe 2030-01-10 11:00 Sonia"]);
  });

  it("'not Karim' at the same day and time: whoever else is free then", async () => {
    await book("Karim");
    expect(result(await call("salon-amel", "reschedule_appointment", { newStartsAt: "2030-01-09T10:00", staff: "anyone but Karim", language: "en" }, nadia))).toBe(
      "Moved: Haircut with Sonia to Wednesday, January 9 at 10:00 AM.",
    );
    expect(await stored()).toEqual(["Coupe 2030-01-09 10:00 Sonia"]);
  });

  it("refuses an unknown person, someone who does not do the service, or a taken person, and changes nothing", async () => {
    await book("Karim", "2030-01-09T10:00", "Coloration");
    await book("Sonia", "2030-01-10T10:00", "Coupe", { callerPhone: "+213551000001" });
    expect(await call("salon-amel", "reschedule_appointment", { newStartsAt: "2030-01-10T11:00", staff: "Julien" }, nadia)).toEqual({
      error: "Personne du nom de Julien dans l'équipe. Équipe : Karim, Sonia et Léa.",
    });
    expect(await call("salon-amel", "reschedule_appointment", { newStartsAt: "2030-01-10T11:00", staff: "Léa", language: "en" }, nadia)).toEqual({
      error: "Léa doesn't do Colouring. For Colouring: Karim and Sonia.",
    });
    const taken = await call("salon-amel", "reschedule_appointment", { newStartsAt: "2030-01-10T10:00", staff: "Sonia" }, nadia);
    expect(result(taken)).toMatch(/^ERROR Le jeudi 10 janvier à 10h00 est déjà pris\./);
    expect(await stored()).toEqual(["Coloration 2030-01-09 10:00 Karim", "Coupe 2030-01-10 10:00 Sonia"]);
  });

  it("is ignored by a business with a single diary", async () => {
    const liam = { callerPhone: "+14165550144" };
    await call("maple-dental", "book_appointment", { service: "Checkup", startsAt: "2030-01-08T10:00", name: "Liam Chen" }, liam);
    expect(result(await call("maple-dental", "reschedule_appointment", { newStartsAt: "2030-01-09T10:00", staff: "Dr Who" }, liam))).toBe(
      "Moved: Checkup to Wednesday, January 9 at 10:00 AM.",
    );
  });
});
