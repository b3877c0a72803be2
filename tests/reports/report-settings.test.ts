import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";

/*
 * The daily report's settings through the real route: owners and admins set
 * the local hour and the recipients (validated, lower-cased, de-duplicated),
 * staff and viewers cannot; each change is audited without the addresses and
 * reads as a sentence in Activity; a refused input names its field and
 * changes nothing. The job then uses them.
 */

let roles: ConsoleRolesEnv;
let route: { GET: Handler; PUT: Handler };

beforeAll(async () => {
  roles = await setUpConsoleRoles("report-settings", { members: ["admin", "staff", "viewer"] });
  route = (await import("@/app/api/settings/reports/route")) as unknown as typeof route;
}, 120_000);

afterAll(async () => {
  await roles?.env.close();
});

const maple = () => roles.env.tenants["maple-dental"];
const stored = async (tenantId = maple().id) => (await roles.env.admin.query(`SELECT settings -> 'reports' AS r FROM tenants WHERE id = $1`, [tenantId])).rows[0].r;

describe("PUT /api/settings/reports", () => {
  it("reads 19:00 and the owner by default", async () => {
    const res = await roles.send("admin", route.GET, "GET");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ hour: 19, recipients: [] });
  });

  it("refuses what is not an hour or an email address, naming the field, and changes nothing", async () => {
    const cases: Array<[unknown, string]> = [
      [{ hour: 24, recipients: [] }, "hour"],
      [{ hour: -1, recipients: [] }, "hour"],
      [{ hour: 7.5, recipients: [] }, "hour"],
      [{ hour: "19", recipients: [] }, "hour"],
      [{ hour: 8, recipients: ["not-an-email"] }, "recipients.0"],
      [{ hour: 8, recipients: ["ok@maple.example", "a@b.c\r\nBcc: victim@evil.example"] }, "recipients.1"],
      [{ hour: 8, recipients: Array.from({ length: 11 }, (_, i) => `r${i}@maple.example`) }, "recipients"],
      [{ hour: 8, recipients: "ok@maple.example" }, "recipients"],
      [{ hour: 8, recipients: [], tenantId: roles.env.tenants["cabinet-dupont"].id }, ""],
    ];
    for (const [body, field] of cases) {
      const res = await roles.send("owner", route.PUT, "PUT", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error?.field ?? "").toBe(field);
    }
    expect(await stored()).toBeNull();
  });

  it("lets owners and admins choose, not staff or viewers; audits the hour and how many recipients", async () => {
    for (const who of ["staff", "viewer"] as const) {
      expect((await roles.send(who, route.PUT, "PUT", { body: { hour: 8, recipients: [] } })).status).toBe(403);
    }
    const saved = await roles.send("admin", route.PUT, "PUT", { body: { hour: 7, recipients: [" Front@Maple.example ", "front@maple.example", "dr@maple.example"] } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toEqual({ hour: 7, recipients: ["front@maple.example", "dr@maple.example"] });
    expect(await stored()).toEqual({ hour: 7, recipients: ["front@maple.example", "dr@maple.example"] });
    // The other parts of the settings object are kept.
    await roles.env.admin.query(`UPDATE tenants SET settings = settings || '{"agent": {"mode": "deterministic"}}' WHERE id = $1`, [maple().id]);
    expect((await roles.send("owner", route.PUT, "PUT", { body: { hour: 20, recipients: [] } })).status).toBe(200);
    expect((await roles.env.admin.query(`SELECT settings -> 'agent' AS a FROM tenants WHERE id = $1`, [maple().id])).rows[0].a).toEqual({ mode: "deterministic" });
    expect(await stored(roles.env.tenants["cabinet-dupont"].id)).toBeNull();

    const trail = await roles.env.admin.query(`SELECT metadata FROM audit_events WHERE tenant_id = $1 AND action = 'settings.reports.updated' ORDER BY created_at`, [maple().id]);
    expect(trail.rows.map((r) => r.metadata)).toEqual([
      { fromHour: 19, toHour: 7, recipients: 2 },
      { fromHour: 7, toHour: 20, recipients: 0 },
    ]);
    expect(JSON.stringify(trail.rows)).not.toContain("@");

    const { GET: activity } = (await import("@/app/api/activity/route")) as unknown as { GET: Handler };
    for (const [locale, sentence] of [["en", "Daily report settings updated (at 20:00)"], ["fr", "Réglages du rapport quotidien modifiés (à 20 h)"]] as const) {
      const page = await roles.send("owner", activity, "GET", { search: "?action=settings", cookies: { fd_ui_locale: locale } });
      expect(page.status).toBe(200);
      expect(page.text).toContain(sentence);
    }
  });
});
