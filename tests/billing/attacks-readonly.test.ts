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

describe("creation limits under concurrency", () => {
  it("20 concurrent widget keys and 20 concurrent numbers at the limit admit exactly the places left", async () => {
    const maple = roles.env.tenants["maple-dental"];
    const count = async (where: string) =>
      (await roles.env.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM channel_routes WHERE tenant_id = $1 AND ${where}`, [maple.id])).rows[0]!.n;
    // A custom plan with 5 widget keys and 3 numbers left.
    const limits = { widgetKeys: (await count(`channel = 'web' AND revoked_at IS NULL`)) + 5, routedNumbers: (await count(`channel IN ('voice', 'whatsapp')`)) + 3 };
    await roles.env.admin.query(`UPDATE plans SET limits = limits || $1::jsonb WHERE code = 'custom'`, [JSON.stringify({ ...limits, channels: ["web", "whatsapp", "voice"] })]);
    await roles.env.admin.query(`UPDATE tenants SET status = 'active', suspended_at = NULL, plan = 'custom' WHERE id = $1`, [maple.id]);
    const keys = await import("@/app/api/settings/channels/widget-keys/route");
    const numbers = await import("@/app/api/settings/channels/numbers/route");
    const keysLeft = limits.widgetKeys - (await count(`channel = 'web' AND revoked_at IS NULL`));
    const numbersLeft = limits.routedNumbers - (await count(`channel IN ('voice', 'whatsapp')`));
    expect(keysLeft).toBeGreaterThan(0);
    expect(keysLeft).toBeLessThan(20);
    const keyResults = await Promise.all(
      Array.from({ length: 20 }, (_, i) => roles.send("owner", keys.POST as unknown as Handler, "POST", { body: { label: `race ${i}`, allowedOrigins: [] } })),
    );
    expect(keyResults.filter((r) => r.status === 201)).toHaveLength(keysLeft);
    expect(keyResults.filter((r) => r.status !== 201).map((r) => r.json.error?.code)).toEqual(Array(20 - keysLeft).fill("plan_limit_exceeded"));
    const numberResults = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        roles.send("owner", numbers.POST as unknown as Handler, "POST", { body: { channel: "whatsapp", number: `+1416555${String(1000 + i)}`, label: `race ${i}` } }),
      ),
    );
    expect(numberResults.filter((r) => r.status === 201)).toHaveLength(Math.max(0, Math.min(20, numbersLeft)));
    expect(await count(`channel IN ('voice', 'whatsapp')`)).toBe(limits.routedNumbers);
  }, 60_000);
});
