import "server-only";
import type pg from "pg";
import type { TenantStatus } from "@/lib/db/generated/client";

/** The tenant row an action is checked against, read before the audit is written. */
export interface ActionTenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  plan: string;
  locale: string;
  adminEmail: string;
  trialEndsAt: Date | null;
  pastDueSince: Date | null;
  supportSuspendedAt: Date | null;
  supportResumeStatus: TenantStatus | null;
  planOverrideUntil: Date | null;
  stripeCustomerId: string | null;
}

/*
 * The few questions an action's input is checked against before anything is
 * written (a refused action leaves no audit row): each answers one question
 * about one id, never lists, like the routing functions. Everything else an
 * action reads happens after its audit rows.
 */

export interface ActionLookup {
  tenant(id: string): Promise<ActionTenant | null>;
  tenantIdBySlug(slug: string): Promise<string | null>;
  invitation(tenantId: string, id: string): Promise<{ accepted: boolean; revoked: boolean } | null>;
  isMember(tenantId: string, userId: string): Promise<boolean>;
  /** The tenant a number routes to, on any channel. */
  numberOwner(number: string): Promise<string | null>;
}

type Queryable = Pick<pg.Pool, "query">;

export function createActionLookup(pool: Queryable): ActionLookup {
  return {
    async tenant(id) {
      const { rows } = await pool.query<{
        id: string; slug: string; name: string; status: TenantStatus; plan: string; locale: string; admin_email: string;
        trial_ends_at: Date | null; past_due_since: Date | null; support_suspended_at: Date | null;
        support_resume_status: TenantStatus | null; plan_override_until: Date | null; stripe_customer_id: string | null;
      }>(
        `SELECT id, slug, name, status::text AS status, plan, locale, admin_email, trial_ends_at, past_due_since,
           support_suspended_at, support_resume_status::text AS support_resume_status, plan_override_until, stripe_customer_id
         FROM tenants WHERE id = $1::uuid`,
        [id],
      );
      const r = rows[0];
      if (!r) return null;
      return {
        id: r.id, slug: r.slug, name: r.name, status: r.status, plan: r.plan, locale: r.locale, adminEmail: r.admin_email,
        trialEndsAt: r.trial_ends_at, pastDueSince: r.past_due_since, supportSuspendedAt: r.support_suspended_at,
        supportResumeStatus: r.support_resume_status, planOverrideUntil: r.plan_override_until, stripeCustomerId: r.stripe_customer_id,
      };
    },
    async tenantIdBySlug(slug) {
      const { rows } = await pool.query<{ id: string }>(`SELECT id FROM tenants WHERE slug = $1`, [slug]);
      return rows[0]?.id ?? null;
    },
    async invitation(tenantId, id) {
      const { rows } = await pool.query<{ accepted: boolean; revoked: boolean }>(
        `SELECT accepted_at IS NOT NULL AS accepted, revoked_at IS NOT NULL AS revoked FROM invitations WHERE tenant_id = $1::uuid AND id = $2::uuid`,
        [tenantId, id],
      );
      return rows[0] ?? null;
    },
    async isMember(tenantId, userId) {
      const { rows } = await pool.query(`SELECT 1 FROM memberships WHERE tenant_id = $1::uuid AND user_id = $2::uuid`, [tenantId, userId]);
      return rows.length > 0;
    },
    async numberOwner(number) {
      const { rows } = await pool.query<{ tenant_id: string }>(
        `SELECT tenant_id FROM channel_routes WHERE key = $1 AND channel IN ('voice', 'whatsapp') LIMIT 1`,
        [number],
      );
      return rows[0]?.tenant_id ?? null;
    },
  };
}
