import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TENANT_COLUMN_OWNERS } from "@/lib/cells/tables";
import { setUpCells, type CellsTestEnv } from "./cells-env";

/*
 * The tenants row lives on both sides; each side sends the other only the
 * columns it writes. Support's decisions made on the control plane and a
 * member's setting changed in the cell at the same moment both survive the
 * two copies, whichever order they run in.
 */

let env: CellsTestEnv;
const listeners: pg.Client[] = [];
const announced: Record<"controlPlane" | "ch", string[]> = { controlPlane: [], ch: [] };

beforeAll(async () => {
  env = await setUpCells("colowners");
  for (const [where, url] of [["controlPlane", env.controlPlane.adminUrl], ["ch", env.ch.adminUrl]] as const) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    client.on("notification", (m) => announced[where].push(m.payload ?? ""));
    await client.query("LISTEN frontdesk_directory");
    listeners.push(client);
  }
}, 180_000);

afterAll(async () => {
  await Promise.allSettled(listeners.map((c) => c.end()));
  await env?.close();
});

const dupont = () => env.tenants["cabinet-dupont"];

/** The columns the last tenants announcement of `where` named, as the directory sync reads them. */
async function lastChange(where: "controlPlane" | "ch"): Promise<string[]> {
  // A notification arrives after its commit; one round trip on the listener lets it in.
  await listeners[where === "controlPlane" ? 0 : 1]!.query("SELECT 1");
  const payload = announced[where].filter((p) => p.startsWith(`${dupont().id}:tenants:`)).at(-1);
  expect(payload, `no tenants announcement on ${where}`).toBeDefined();
  return payload!.split(":")[2]!.split(",");
}

async function tenantRow(where: "controlPlane" | "ch") {
  const [row] = await env.sql<{ status: string; support_suspended_at: Date | null; require_two_factor: boolean; name: string; trial_ends_at: Date | null; settings: Record<string, unknown> }>(
    where,
    "SELECT status::text, support_suspended_at, require_two_factor, name, trial_ends_at, settings FROM tenants WHERE id = $1",
    [dupont().id],
  );
  return row!;
}

describe("every tenants column has an owner", () => {
  it("the catalog's columns are each named in exactly one list", async () => {
    const columns = (await env.sql<{ name: string }>("controlPlane", "SELECT attname AS name FROM pg_attribute WHERE attrelid = 'tenants'::regclass AND attnum > 0 AND NOT attisdropped")).map((r) => r.name);
    const named = Object.values(TENANT_COLUMN_OWNERS).flat() as string[];
    expect(columns.filter((c) => !named.includes(c)), "classify these in TENANT_COLUMN_OWNERS").toEqual([]);
    expect(named.filter((c) => !columns.includes(c))).toEqual([]);
    expect(new Set(named).size).toBe(named.length);
  });
});

describe("a platform decision and a member's setting at the same moment", () => {
  it("support suspends on the control plane while a member changes settings in the cell: both hold after both copies", async () => {
    const { syncTenantCopy, syncTenantToControlPlane } = await import("@/lib/cells");
    const { runAsTenant } = await import("@/lib/tenancy");
    const { tenantDb } = await import("@/lib/db");
    const before = await tenantRow("ch");
    expect(before.support_suspended_at).toBeNull();

    // Support's suspension (the suspend action's statement), on the control plane.
    await env.sql(
      "controlPlane",
      `UPDATE tenants SET support_suspended_at = now(), support_suspension_reason = 'abuse report', support_resume_status = status,
         status = 'suspended', suspended_at = COALESCE(suspended_at, now()) WHERE id = $1`,
      [dupont().id],
    );
    const platformChange = await lastChange("controlPlane");
    // The member's change, in the cell, before the suspension's copy reached it.
    await runAsTenant(dupont().id, () =>
      tenantDb().tenant.update({ where: { id: dupont().id }, data: { requireTwoFactor: true, name: "Cabinet Dupont SA", settings: { ...before.settings, colour: "teal" } } }),
    );
    const memberChange = await lastChange("ch");
    expect(memberChange).not.toContain("status");

    // The stale cell row's copy lands first, then the control plane's.
    await syncTenantToControlPlane(dupont().id, "ch", memberChange);
    await syncTenantCopy(dupont().id, "ch", platformChange);
    for (const where of ["controlPlane", "ch"] as const) {
      const row = await tenantRow(where);
      expect(row.status, where).toBe("suspended");
      expect(row.support_suspended_at, where).not.toBeNull();
      expect(row.require_two_factor, where).toBe(true);
      expect(row.name, where).toBe("Cabinet Dupont SA");
      expect(row.settings.colour, where).toBe("teal");
    }
  });

  it("support extends the trial while a member changes a setting: the new end is not overwritten by the cell's stale one", async () => {
    const { syncTenantCopy, syncTenantToControlPlane } = await import("@/lib/cells");
    const { runAsTenant } = await import("@/lib/tenancy");
    const { tenantDb } = await import("@/lib/db");
    const endsAt = new Date("2027-03-01T00:00:00Z");
    await env.sql("controlPlane", "UPDATE tenants SET trial_ends_at = $2 WHERE id = $1", [dupont().id, endsAt]);
    const platformChange = await lastChange("controlPlane");
    expect(platformChange).toEqual(["trial_ends_at"]);
    await runAsTenant(dupont().id, () => tenantDb().tenant.update({ where: { id: dupont().id }, data: { requireTwoFactor: false } }));
    await syncTenantToControlPlane(dupont().id, "ch", await lastChange("ch"));
    await syncTenantCopy(dupont().id, "ch", platformChange);
    for (const where of ["controlPlane", "ch"] as const) {
      const row = await tenantRow(where);
      expect(row.trial_ends_at?.toISOString(), where).toBe(endsAt.toISOString());
      expect(row.require_two_factor, where).toBe(false);
    }
  });

  it("support overrides the plan while a member renames the workspace, the control plane's copy landing first: both hold", async () => {
    const { syncTenantCopy, syncTenantToControlPlane } = await import("@/lib/cells");
    const { runAsTenant } = await import("@/lib/tenancy");
    const { tenantDb } = await import("@/lib/db");
    const until = new Date("2027-02-01T00:00:00Z");
    await env.sql(
      "controlPlane",
      `BEGIN; SELECT set_config('frontdesk.plan_override_write', 'on', true);
       UPDATE tenants SET plan_override_base = COALESCE(plan_override_base, plan), plan = 'business', plan_override_until = '${until.toISOString()}'
       WHERE id = '${dupont().id}'; COMMIT;`,
    );
    const platformChange = await lastChange("controlPlane");
    await runAsTenant(dupont().id, () => tenantDb().tenant.update({ where: { id: dupont().id }, data: { name: "Cabinet Dupont & Associés" } }));
    const memberChange = await lastChange("ch");
    await syncTenantCopy(dupont().id, "ch", platformChange);
    await syncTenantToControlPlane(dupont().id, "ch", memberChange);
    for (const where of ["controlPlane", "ch"] as const) {
      const [row] = await env.sql<{ plan: string; plan_override_until: Date | null; name: string }>(where, "SELECT plan, plan_override_until, name FROM tenants WHERE id = $1", [dupont().id]);
      expect(row, where).toEqual({ plan: "business", plan_override_until: until, name: "Cabinet Dupont & Associés" });
    }
  });

  it("billing written in the cell reaches the control plane, and a platform-only column never goes back", async () => {
    const { syncTenantToControlPlane } = await import("@/lib/cells");
    await env.sql("ch", "UPDATE tenants SET stripe_customer_id = 'cus_cells_1', slug = 'forged-in-cell' WHERE id = $1", [dupont().id]);
    const changed = await lastChange("ch");
    expect(changed).toEqual(["slug", "stripe_customer_id"]);
    await syncTenantToControlPlane(dupont().id, "ch", changed);
    const [cp] = await env.sql<{ slug: string; stripe_customer_id: string }>("controlPlane", "SELECT slug, stripe_customer_id FROM tenants WHERE id = $1", [dupont().id]);
    expect(cp).toEqual({ slug: dupont().slug, stripe_customer_id: "cus_cells_1" });
  });
});
