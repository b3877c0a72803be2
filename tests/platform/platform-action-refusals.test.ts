import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionTableEntry } from "@/lib/platform/actions";
import { freshNumber, setUpPlatformActions, type PlatformActionsEnv, type TestTenant } from "./platform-actions-env";

/*
 * What the actions refuse, and that a refusal writes nothing at all, not
 * even an audit row: a missing or out-of-bounds reason for every action of
 * the table, an unknown tenant, a wrong slug confirmation, dates in the past,
 * numbers and people that are not the tenant's.
 */

let env: PlatformActionsEnv;
let table: readonly ActionTableEntry[];
let tenant: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  env = await setUpPlatformActions("prefusals");
  ({ ACTION_TABLE: table } = await import("@/lib/platform/actions"));
  tenant = await env.makeTenant("refused");
  other = await env.makeTenant("other");
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const DAY = 86_400_000;
const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const REASON = "Checked with the owner by phone";

/** A body each action accepts apart from its reason (the refusal under test is the only one). */
const VALID: Record<string, () => Record<string, unknown>> = {
  provision: () => ({ name: "Salon Nouveau", slug: `nouveau-${Date.now().toString(36)}`, region: "BE", timezone: "Europe/Brussels", language: "fr", plan: "starter", ownerEmail: "new@salon.test" }),
  suspend: () => ({}),
  reactivate: () => ({}),
  "override-plan": () => ({ plan: "pro", until: future(10) }),
  "extend-trial": () => ({ endsAt: future(60) }),
  "assign-number": () => ({ channel: "voice", number: freshNumber() }),
  "move-number": () => ({ number: freshNumber(), to: other.slug }),
  "release-number": () => ({ channel: "voice", number: freshNumber() }),
  "resend-invitation": () => ({ invitationId: randomUUID() }),
  "clear-lockout": () => ({ userId: randomUUID() }),
  "billing-portal": () => ({}),
  delete: () => ({ confirm: tenant.slug }),
};

async function written() {
  const r = await env.admin.query<{ p: number; a: number; t: number }>(
    `SELECT (SELECT count(*)::int FROM platform_audit_events) AS p, (SELECT count(*)::int FROM audit_events) AS a, (SELECT count(*)::int FROM tenants) AS t`,
  );
  return r.rows[0];
}

/** Runs the action and expects the refusal, with nothing written anywhere. */
async function refused(run: () => Promise<unknown>, expected: { status: number; field?: string }) {
  const before = await written();
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the action should have been refused").not.toBeNull();
  expect({ status: (error as { status?: number }).status, field: (error as { field?: string }).field }).toEqual({ status: expected.status, field: expected.field });
  expect(await written()).toEqual(before);
}

const act = (tenantId: string, action: string, body: unknown) => env.act(tenantId, action, body);

describe("the reason, for every action in the table", () => {
  it("has a valid body here for every action", () => {
    expect(table.map((a) => a.name).filter((n) => !VALID[n])).toEqual([]);
  });

  it("is required, trimmed to 5-500 characters, a string", async () => {
    for (const action of table) {
      const run = (body: Record<string, unknown>) => () => (action.scope === "new_tenant" ? env.provision(body) : act(tenant.id, action.name, body));
      for (const reason of [undefined, "", "    ", "abcd", "   abcd   ", "x".repeat(501), 42, ["a reason long enough"], null]) {
        const body = { ...VALID[action.name]!(), ...(reason === undefined ? {} : { reason }) };
        await refused(run(body), { status: 400, field: "reason" });
      }
    }
  });
});

describe("the tenant", () => {
  it("unknown or malformed: 404 for every tenant action, nothing written", async () => {
    for (const action of table) {
      if (action.scope !== "tenant") continue;
      await refused(() => act(randomUUID(), action.name, { ...VALID[action.name]!(), reason: REASON }), { status: 404 });
      await refused(() => act("not-a-uuid", action.name, { ...VALID[action.name]!(), reason: REASON }), { status: 404 });
      await refused(() => act(`${tenant.id}' OR '1'='1`, action.name, { ...VALID[action.name]!(), reason: REASON }), { status: 404 });
    }
  });

  it("an action that does not exist is a 404", async () => {
    await refused(() => act(tenant.id, "drop-database", { reason: REASON }), { status: 404 });
    await refused(() => act(tenant.id, "__proto__", { reason: REASON }), { status: 404 });
  });
});

describe("each action's own refusals", () => {
  it("delete: the confirmation must be the slug exactly", async () => {
    for (const confirm of [tenant.slug.toUpperCase(), ` ${tenant.slug}`, `${tenant.slug} `, other.slug, "", undefined]) {
      await refused(() => act(tenant.id, "delete", { confirm, reason: REASON }), { status: 400, field: "confirm" });
    }
    expect((await env.admin.query(`SELECT 1 FROM tenants WHERE id = $1`, [tenant.id])).rows).toHaveLength(1);
  });

  it("override-plan: a plan that exists, ending in the future", async () => {
    await refused(() => act(tenant.id, "override-plan", { plan: "pro", until: future(-1), reason: REASON }), { status: 400, field: "until" });
    await refused(() => act(tenant.id, "override-plan", { plan: "pro", until: "tomorrow", reason: REASON }), { status: 400, field: "until" });
    await refused(() => act(tenant.id, "override-plan", { plan: "enterprise", until: future(3), reason: REASON }), { status: 400, field: "plan" });
    await refused(() => act(tenant.id, "override-plan", { plan: "business", until: "9999-12-31T00:00:00Z", reason: REASON }), { status: 400, field: "until" });
    const now = new Date("2031-03-01T12:00:00Z");
    await refused(() => env.act(tenant.id, "override-plan", { plan: "pro", until: "2031-03-01T11:59:59Z", reason: REASON }, now), { status: 400, field: "until" });
  });

  it("extend-trial: later than now and than the current end, and only for a trial", async () => {
    await refused(() => act(tenant.id, "extend-trial", { endsAt: future(-2), reason: REASON }), { status: 400, field: "endsAt" });
    await refused(() => act(tenant.id, "extend-trial", { endsAt: future(91), reason: REASON }), { status: 400, field: "endsAt" });
    // The fixture's trial ends in 10 days.
    await refused(() => act(tenant.id, "extend-trial", { endsAt: future(5), reason: REASON }), { status: 400, field: "endsAt" });
    const paying = await env.makeTenant("paying", { status: "active", trialEndsAt: null });
    await refused(() => act(paying.id, "extend-trial", { endsAt: future(30), reason: REASON }), { status: 409, field: "endsAt" });
    const dunned = await env.makeTenant("dunned", { status: "suspended", trialEndsAt: new Date(Date.now() - 90 * DAY), pastDueSince: new Date(Date.now() - 20 * DAY) });
    await refused(() => act(dunned.id, "extend-trial", { endsAt: future(30), reason: REASON }), { status: 409, field: "endsAt" });
  });

  it("suspend twice, or reactivate what support did not suspend: 409", async () => {
    const billingSuspended = await env.makeTenant("billsusp", { status: "suspended", trialEndsAt: new Date(Date.now() - DAY) });
    await refused(() => act(billingSuspended.id, "reactivate", { reason: REASON }), { status: 409 });
    await refused(() => act(tenant.id, "reactivate", { reason: REASON }), { status: 409 });
    const t = await env.makeTenant("twice");
    await act(t.id, "suspend", { reason: REASON });
    await refused(() => act(t.id, "suspend", { reason: REASON }), { status: 409 });
  });

  it("provision: sign-up's rules for the address, the region, the zone; a taken address is a 409", async () => {
    const base = { ...VALID.provision!(), reason: REASON };
    await refused(() => env.provision({ ...base, slug: "admin" }), { status: 400, field: "slug" });
    await refused(() => env.provision({ ...base, slug: "www" }), { status: 400, field: "slug" });
    await refused(() => env.provision({ ...base, slug: "-bad-" }), { status: 400, field: "slug" });
    await refused(() => env.provision({ ...base, slug: tenant.slug }), { status: 409, field: "slug" });
    await refused(() => env.provision({ ...base, slug: tenant.slug.toUpperCase() }), { status: 409, field: "slug" });
    await refused(() => env.provision({ ...base, timezone: "Mars/Olympus_Mons" }), { status: 400, field: "timezone" });
    await refused(() => env.provision({ ...base, region: "US" }), { status: 400, field: "region" });
    await refused(() => env.provision({ ...base, plan: "free" }), { status: 400, field: "plan" });
    await refused(() => env.provision({ ...base, ownerEmail: "not an email" }), { status: 400, field: "ownerEmail" });
  });

  it("numbers: taken elsewhere, not international, not this tenant's, moved to nowhere or to itself", async () => {
    const number = freshNumber();
    await env.admin.query(`INSERT INTO channel_routes (tenant_id, channel, key) VALUES ($1, 'whatsapp', $2)`, [other.id, number]);
    await refused(() => act(tenant.id, "assign-number", { channel: "voice", number, reason: REASON }), { status: 409, field: "number" });
    await refused(() => act(tenant.id, "assign-number", { channel: "whatsapp", number: "079 123 45 67", reason: REASON }), { status: 400, field: "number" });
    await refused(() => act(tenant.id, "assign-number", { channel: "web", number: freshNumber(), reason: REASON }), { status: 400, field: "channel" });
    await refused(() => act(tenant.id, "move-number", { number, to: other.slug, reason: REASON }), { status: 404, field: "number" });
    await refused(() => act(other.id, "move-number", { number, to: "nobody-here", reason: REASON }), { status: 404, field: "to" });
    await refused(() => act(other.id, "move-number", { number, to: other.slug, reason: REASON }), { status: 400, field: "to" });
    await refused(() => act(tenant.id, "release-number", { channel: "whatsapp", number, reason: REASON }), { status: 404, field: "number" });
  });

  it("people: an invitation or a member of another tenant is a 404; an accepted invitation a 409", async () => {
    const inv = await env.admin.query<{ id: string }>(
      `INSERT INTO invitations (tenant_id, email, role, token_hash, expires_at, accepted_at) VALUES ($1, 'done@x.test', 'staff', 'y', now() + interval '1 day', now()) RETURNING id`,
      [other.id],
    );
    await refused(() => act(tenant.id, "resend-invitation", { invitationId: inv.rows[0]!.id, reason: REASON }), { status: 404, field: "invitationId" });
    await refused(() => act(other.id, "resend-invitation", { invitationId: inv.rows[0]!.id, reason: REASON }), { status: 409, field: "invitationId" });
    await refused(() => act(tenant.id, "clear-lockout", { userId: other.ownerId, reason: REASON }), { status: 404, field: "userId" });
  });

  it("billing-portal: none without a billing account", async () => {
    await refused(() => act(tenant.id, "billing-portal", { reason: REASON }), { status: 409 });
  });
});

describe("two admins assigning one number at once", () => {
  it("one wins; the other is a 409 on number, whichever constraint catches it (same channel or another)", async () => {
    for (const channels of [["whatsapp", "whatsapp"], ["whatsapp", "voice"]] as const) {
      const a = await env.makeTenant("race-a");
      const b = await env.makeTenant("race-b");
      const number = freshNumber();
      const outcomes = await Promise.allSettled([
        act(a.id, "assign-number", { channel: channels[0], number, reason: REASON }),
        act(b.id, "assign-number", { channel: channels[1], number, reason: REASON }),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled"), channels.join("/")).toHaveLength(1);
      const failure = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      expect({ status: failure.reason.status, field: failure.reason.field }).toEqual({ status: 409, field: "number" });
      const rows = await env.admin.query(`SELECT DISTINCT tenant_id FROM channel_routes WHERE key = $1`, [number]);
      expect(rows.rows).toHaveLength(1);
    }
  });
});

describe("the inventory's own guard, past the checks", () => {
  it("maps both constraints to the same 409 when a check was raced", async () => {
    const { assignNumber } = await import("@/lib/platform/numbers");
    const a = await env.makeTenant("guard-a");
    const b = await env.makeTenant("guard-b");
    const number = freshNumber();
    await env.admin.query(`INSERT INTO channel_routes (tenant_id, channel, key) VALUES ($1, 'whatsapp', $2)`, [a.id, number]);
    for (const channel of ["whatsapp", "voice"] as const) {
      const error = await env.access.withPlatformAccess({ userId: env.adminId }, { action: "test.assign" }, (db) =>
        assignNumber(db, b.id, { channel, number, label: "" }).then(() => null, (e: unknown) => e),
      );
      expect(error, channel).toMatchObject({ status: 409, field: "number" });
    }
  });
});
