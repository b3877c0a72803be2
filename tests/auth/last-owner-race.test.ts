import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";

/*
 * The last-owner rule under concurrency: two owners demoting each other at
 * the same moment must leave at least one owner (the owner rows are locked
 * before counting).
 */

let r: ConsoleRolesEnv;
const R: Record<string, Record<string, Handler>> = {};
let maple: string;

beforeAll(async () => {
  r = await setUpConsoleRoles("lastowner");
  maple = r.env.tenants["maple-dental"].id;
  R.member = (await import("@/app/api/team/members/[id]/route")) as never;
}, 180_000);

afterAll(async () => {
  await r?.env.close();
});

const owners = async () =>
  (await r.env.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1 AND role = 'owner'`, [maple])).rows[0]!.n;

describe("last owner", () => {
  it("two owners demoting each other concurrently never leave the workspace without an owner", async () => {
    let lowest = Infinity;
    for (let attempt = 0; attempt < 40 && lowest > 0; attempt++) {
      await r.env.admin.query(`UPDATE memberships SET role = 'owner' WHERE id = ANY($1::uuid[])`, [[r.memberships.owner, r.memberships.owner2]]);
      await Promise.all([
        r.send("owner", R.member!.PATCH!, "PATCH", { params: { id: r.memberships.owner2 }, body: { role: "viewer" } }),
        new Promise((resolve) => setTimeout(resolve, attempt % 3)).then(() =>
          r.send("owner2", R.member!.PATCH!, "PATCH", { params: { id: r.memberships.owner }, body: { role: "admin" } }),
        ),
      ]);
      lowest = Math.min(lowest, await owners());
    }
    await r.env.admin.query(`UPDATE memberships SET role = 'owner' WHERE id = ANY($1::uuid[])`, [[r.memberships.owner, r.memberships.owner2]]);
    expect(lowest).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
