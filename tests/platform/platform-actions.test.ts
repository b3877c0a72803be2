import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionTableEntry } from "@/lib/platform/actions";
import { freshNumber, setUpPlatformActions, type PlatformActionsEnv } from "./platform-actions-env";

/*
 * Every action of the platform console, taken from the action table itself
 * (an action added to the table without a fixture here fails this file):
 * one platform audit row naming the tenant, the admin and the trimmed reason,
 * and one "Frontdesk support …" row in that tenant's Activity, in French and
 * English. Then what each refuses, with nothing written.
 */

let env: PlatformActionsEnv;
let table: readonly ActionTableEntry[];
let describeActivity: typeof import("@/lib/audit/activity-sentences").describeActivity;

beforeAll(async () => {
  env = await setUpPlatformActions("pactions");
  ({ ACTION_TABLE: table } = await import("@/lib/platform/actions"));
  ({ describeActivity } = await import("@/lib/audit/activity-sentences"));
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const DAY = 86_400_000;
const REASON = "  Owner called support on 6 Dec (ticket 4411)  ";
const names = () => ({ members: new Map(), clients: new Map(), services: new Map(), appointments: new Map(), invitations: new Map() });

interface Fixture {
  /** The tenant acted on; null for provisioning, which names its new tenant in its result. */
  tenantId: string | null;
  body: Record<string, unknown>;
  /** Other tenants that get an Activity row of their own (a moved number's new home). */
  /** Other tenants the action touches, whose Activity it must leave alone. */
  untouched?: string[];
  /** What the action changed, beyond its audit rows. */
  verify(result: Record<string, unknown>): Promise<void>;
}

const FIXTURES: Record<string, () => Promise<Fixture>> = {
  async provision() {
    const slug = `neuf-${Date.now().toString(36)}`;
    return {
      tenantId: null,
      body: { name: "Cabinet Neuf", slug, region: "CH", timezone: "Europe/Zurich", language: "fr", plan: "business", ownerEmail: `Dr.Neuf@${slug}.test`, reason: REASON },
      async verify(result) {
        const t = await env.admin.query(`SELECT slug, status, plan, locale FROM tenants WHERE id = $1`, [result.tenantId]);
        expect(t.rows).toEqual([{ slug, status: "trial", plan: "business", locale: "fr" }]);
        const members = await env.admin.query(`SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1`, [result.tenantId]);
        expect(members.rows[0].n).toBe(0);
        const mail = await env.admin.query(`SELECT to_address, text_body FROM email_outbox WHERE tenant_id = $1 AND kind = 'invitation'`, [result.tenantId]);
        expect(mail.rows).toHaveLength(1);
        expect(mail.rows[0].to_address).toBe(`dr.neuf@${slug}.test`);
        expect(mail.rows[0].text_body).toContain(`http://localhost:3000/invite/${slug}/`);
        expect(mail.rows[0].text_body).toContain("as owner");
      },
    };
  },
  async suspend() {
    const t = await env.makeTenant("susp");
    return {
      tenantId: t.id,
      body: { reason: REASON },
      async verify() {
        const r = await env.admin.query(`SELECT status, support_suspension_reason, support_resume_status FROM tenants WHERE id = $1`, [t.id]);
        expect(r.rows[0]).toEqual({ status: "suspended", support_suspension_reason: REASON.trim(), support_resume_status: "trial" });
      },
    };
  },
  async reactivate() {
    const t = await env.makeTenant("react");
    await env.act(t.id, "suspend", { reason: "Suspected abuse, checking" });
    return {
      tenantId: t.id,
      body: { reason: REASON },
      async verify() {
        const r = await env.admin.query(`SELECT status, support_suspended_at, suspended_at FROM tenants WHERE id = $1`, [t.id]);
        expect(r.rows[0]).toEqual({ status: "trial", support_suspended_at: null, suspended_at: null });
      },
    };
  },
  async "override-plan"() {
    const t = await env.makeTenant("ovr");
    const until = new Date(Date.now() + 30 * DAY).toISOString();
    return {
      tenantId: t.id,
      body: { plan: "business", until, reason: REASON },
      async verify() {
        const r = await env.admin.query(`SELECT plan, plan_override_base, plan_override_until FROM tenants WHERE id = $1`, [t.id]);
        expect(r.rows[0]).toEqual({ plan: "business", plan_override_base: "pro", plan_override_until: new Date(until) });
      },
    };
  },
  async "extend-trial"() {
    const t = await env.makeTenant("trial");
    const endsAt = new Date(Date.now() + 40 * DAY).toISOString();
    return {
      tenantId: t.id,
      body: { endsAt, reason: REASON },
      async verify() {
        const r = await env.admin.query(`SELECT status, trial_ends_at FROM tenants WHERE id = $1`, [t.id]);
        expect(r.rows[0]).toEqual({ status: "trial", trial_ends_at: new Date(endsAt) });
      },
    };
  },
  async "assign-number"() {
    const t = await env.makeTenant("asg");
    const number = freshNumber();
    return {
      tenantId: t.id,
      body: { channel: "whatsapp", number: `${number.slice(0, 4)} ${number.slice(4, 7)} ${number.slice(7)}`, label: "Front desk", reason: REASON },
      async verify() {
        const r = await env.admin.query(`SELECT tenant_id, channel::text, label FROM channel_routes WHERE key = $1`, [number]);
        expect(r.rows).toEqual([{ tenant_id: t.id, channel: "whatsapp", label: "Front desk" }]);
      },
    };
  },
  async "move-number"() {
    const from = await env.makeTenant("mvfrom");
    const to = await env.makeTenant("mvto");
    const number = freshNumber();
    await env.admin.query(`INSERT INTO channel_routes (tenant_id, channel, key) VALUES ($1, 'whatsapp', $2), ($1, 'voice', $2)`, [from.id, number]);
    return {
      tenantId: from.id,
      body: { number, to: to.slug, reason: REASON },
      untouched: [to.id],
      async verify() {
        const r = await env.admin.query(`SELECT tenant_id, channel::text FROM channel_routes WHERE key = $1 ORDER BY channel`, [number]);
        expect(r.rows).toEqual([{ tenant_id: to.id, channel: "voice" }, { tenant_id: to.id, channel: "whatsapp" }]);
      },
    };
  },
  async "release-number"() {
    const t = await env.makeTenant("rel");
    const number = freshNumber();
    await env.admin.query(`INSERT INTO channel_routes (tenant_id, channel, key) VALUES ($1, 'voice', $2)`, [t.id, number]);
    return {
      tenantId: t.id,
      body: { channel: "voice", number, reason: REASON },
      async verify() {
        expect((await env.admin.query(`SELECT 1 FROM channel_routes WHERE key = $1`, [number])).rows).toEqual([]);
      },
    };
  },
  async "resend-invitation"() {
    const t = await env.makeTenant("inv");
    const inv = await env.admin.query<{ id: string }>(
      `INSERT INTO invitations (tenant_id, email, role, token_hash, expires_at) VALUES ($1, 'late@example.test', 'staff', 'x', now() - interval '1 day') RETURNING id`,
      [t.id],
    );
    return {
      tenantId: t.id,
      body: { invitationId: inv.rows[0]!.id, reason: REASON },
      async verify(result) {
        const rows = await env.admin.query(`SELECT id, role::text, revoked_at IS NOT NULL AS revoked, expires_at > now() AS live FROM invitations WHERE tenant_id = $1 ORDER BY created_at`, [t.id]);
        expect(rows.rows.map((r) => [r.role, r.revoked, r.live])).toEqual([["staff", true, false], ["staff", false, true]]);
        expect(rows.rows[1].id).toBe(result.invitationId);
        const mail = await env.admin.query(`SELECT subject FROM email_outbox WHERE tenant_id = $1`, [t.id]);
        expect(mail.rows).toEqual([{ subject: `Frontdesk support invited you to ${t.slug} on Frontdesk` }]);
      },
    };
  },
  async "clear-lockout"() {
    const t = await env.makeTenant("lock");
    const { signInThrottleKeys } = await import("@/lib/auth/login-throttle");
    const key = signInThrottleKeys(t.ownerEmail, null)[0]!.key;
    await env.admin.query(`INSERT INTO login_throttles (key, failures, locked_until) VALUES ($1, 5, now() + interval '10 minutes')`, [key]);
    return {
      tenantId: t.id,
      body: { userId: t.ownerId, reason: REASON },
      async verify(result) {
        expect(result).toEqual({ wasLocked: true });
        expect((await env.admin.query(`SELECT 1 FROM login_throttles WHERE key = $1`, [key])).rows).toEqual([]);
      },
    };
  },
  async "billing-portal"() {
    const t = await env.makeTenant("portal");
    const customer = await env.stripe.customers.create({ metadata: { tenant_id: t.id } });
    await env.admin.query(`UPDATE tenants SET stripe_customer_id = $2 WHERE id = $1`, [t.id, customer.id]);
    return {
      tenantId: t.id,
      body: { reason: REASON },
      async verify(result) {
        expect(String(result.url)).toMatch(/^https?:\/\//);
      },
    };
  },
  async delete() {
    const t = await env.makeTenant("del");
    await env.admin.query(`INSERT INTO channel_routes (tenant_id, channel, key) VALUES ($1, 'voice', $2)`, [t.id, freshNumber()]);
    return {
      tenantId: t.id,
      body: { confirm: t.slug, reason: REASON },
      async verify(result) {
        expect(result).toEqual({ slug: t.slug, members: 1 });
        for (const table of ["tenants", "memberships", "channel_routes", "business_profiles"]) {
          const column = table === "tenants" ? "id" : "tenant_id";
          expect((await env.admin.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [t.id])).rows, table).toEqual([]);
        }
        // The member's account outlives the workspace, as with an owner's deletion.
        expect((await env.admin.query(`SELECT 1 FROM users WHERE id = $1`, [t.ownerId])).rows).toHaveLength(1);
      },
    };
  },
};

async function auditCounts(tenantIds: string[]) {
  const platform = await env.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM platform_audit_events`);
  const tenant = await env.admin.query<{ tenant_id: string; n: number }>(
    `SELECT tenant_id, count(*)::int AS n FROM audit_events WHERE tenant_id = ANY($1::uuid[]) GROUP BY tenant_id`,
    [tenantIds],
  );
  return { platform: platform.rows[0]!.n, tenant: Object.fromEntries(tenant.rows.map((r) => [r.tenant_id, r.n])) as Record<string, number> };
}

describe("every action in the table", () => {
  it("has a fixture here, so none escapes the audit check", () => {
    expect(table.length).toBeGreaterThanOrEqual(12);
    expect(table.map((a) => a.name).filter((name) => !FIXTURES[name])).toEqual([]);
    expect(new Set(table.map((a) => a.name)).size).toBe(table.length);
  });

  it("writes one platform audit row and one \"Frontdesk support …\" Activity row in the tenant", async () => {
    for (const action of table) {
      const fixture = await FIXTURES[action.name]!();
      const watched = [fixture.tenantId, ...(fixture.untouched ?? [])].filter((id): id is string => id !== null);
      const before = await auditCounts(watched);
      const result =
        action.scope === "new_tenant" ? await env.provision(fixture.body) : await env.act(fixture.tenantId!, action.name, fixture.body);
      const tenantId = fixture.tenantId ?? String(result.tenantId);

      const after = await auditCounts([...watched, tenantId]);
      expect(after.platform - before.platform, action.name).toBe(1);
      const platformRow = await env.admin.query(
        `SELECT action, subject_tenant_id AS tenant_id, reason, actor_user_id, ip FROM platform_audit_events ORDER BY created_at DESC, id LIMIT 1`,
      );
      expect(platformRow.rows[0], action.name).toEqual({ action: action.audit, tenant_id: tenantId, reason: REASON.trim(), actor_user_id: env.adminId, ip: "203.0.113.7" });

      const rows = await env.admin.query<{ action: string; target: string | null; metadata: Record<string, unknown>; actor_kind: string; created_at: Date }>(
        `SELECT action, target, metadata, actor_kind, created_at FROM audit_events WHERE tenant_id = $1 AND actor_kind = 'platform_admin'`,
        [tenantId],
      );
      if (action.name === "delete") {
        // Its Activity row was written in the tenant and went with it; the platform row is the record.
        expect(after.tenant[tenantId] ?? 0, action.name).toBe(0);
        expect((await env.admin.query(`SELECT 1 FROM tenants WHERE id = $1`, [tenantId])).rows).toEqual([]);
      } else {
        expect((after.tenant[tenantId] ?? 0) - (before.tenant[tenantId] ?? 0), action.name).toBe(1);
        expect(rows.rows.filter((r) => r.action === action.audit), action.name).toHaveLength(1);
        const row = rows.rows.find((r) => r.action === action.audit)!;
        for (const [locale, prefix] of [["en", "Frontdesk support "], ["fr", "Le support Frontdesk "]] as const) {
          const { summary } = describeActivity({ action: row.action, target: row.target, at: row.created_at, metadata: row.metadata }, names(), { locale, timeZone: "Europe/Paris" });
          expect(summary, `${action.name} ${locale}`).toMatch(new RegExp(`^${prefix}`));
          expect(summary).not.toContain("?");
        }
      }
      for (const other of fixture.untouched ?? []) {
        expect((after.tenant[other] ?? 0) - (before.tenant[other] ?? 0), `${action.name} leaves ${other}'s Activity alone`).toBe(0);
      }
      await fixture.verify(result);
    }
  }, 60_000);
});

describe("extending a trial", () => {
  it("revives a workspace the trial's end suspended, and under support's suspension becomes what it resumes with", async () => {
    const ended = await env.makeTenant("ended", { status: "suspended", trialEndsAt: new Date(Date.now() - 2 * DAY) });
    await env.admin.query(`UPDATE tenants SET suspended_at = now() - interval '2 days' WHERE id = $1`, [ended.id]);
    const endsAt = new Date(Date.now() + 7 * DAY);
    await env.act(ended.id, "extend-trial", { endsAt: endsAt.toISOString(), reason: "Owner was ill, one more week" });
    expect((await env.admin.query(`SELECT status::text, suspended_at, trial_ends_at FROM tenants WHERE id = $1`, [ended.id])).rows[0]).toEqual({
      status: "trial",
      suspended_at: null,
      trial_ends_at: endsAt,
    });

    const held = await env.makeTenant("held", { status: "suspended", trialEndsAt: new Date(Date.now() - DAY) });
    await env.act(held.id, "suspend", { reason: "Investigating spam complaints" });
    await env.act(held.id, "extend-trial", { endsAt: endsAt.toISOString(), reason: "Trial time lost to the investigation" });
    expect((await env.admin.query(`SELECT status::text, support_resume_status::text AS resume FROM tenants WHERE id = $1`, [held.id])).rows[0]).toEqual({
      status: "suspended",
      resume: "trial",
    });
    await env.act(held.id, "reactivate", { reason: "Spam came from elsewhere" });
    expect((await env.admin.query(`SELECT status::text FROM tenants WHERE id = $1`, [held.id])).rows[0]).toEqual({ status: "trial" });
  });
});
