import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";

/*
 * Attacks on the billing lifecycle's console locks (console-guard.ts): a
 * suspended workspace is read-only, yet it must not trap its members.
 */

let roles: ConsoleRolesEnv;

beforeAll(async () => {
  roles = await setUpConsoleRoles("billattackro", { members: [] });
}, 120_000);

afterAll(async () => {
  await roles?.env.close();
});

describe("read-only workspaces", () => {
  it("a suspended workspace refuses configuration but lets its member switch to another workspace", async () => {
    const maple = roles.env.tenants["maple-dental"];
    const dupont = roles.env.tenants["cabinet-dupont"];
    const owner = (await roles.env.admin.query<{ id: string }>(`SELECT user_id AS id FROM memberships WHERE tenant_id = $1 AND role = 'owner' LIMIT 1`, [maple.id])).rows[0]!.id;
    await roles.env.admin.query(`INSERT INTO memberships (tenant_id, user_id, role, updated_at) VALUES ($1, $2, 'staff', now()) ON CONFLICT DO NOTHING`, [dupont.id, owner]);
    await roles.env.admin.query(`UPDATE tenants SET status = 'suspended', suspended_at = now() WHERE id = $1`, [maple.id]);
    const settings = await import("@/app/api/settings/business/route");
    const refused = await roles.send("owner", settings.PATCH as unknown as Handler, "PATCH", { body: { name: "Renamed" } });
    expect(refused.status).toBe(403);
    expect(refused.json.error?.code).toBe("workspace_suspended");
    const { POST } = await import("@/app/api/auth/switch/route");
    const switched = await roles.send("owner", POST as unknown as Handler, "POST", { body: { slug: dupont.slug } });
    expect(switched.status).toBe(303);
  });
});
