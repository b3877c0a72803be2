import { randomBytes, randomUUID } from "node:crypto";
import { createPlatformAccess, type PlatformAccess } from "@/lib/db/platform-db";
import type { ActionLookup, ActionRequest, PreparedAction } from "@/lib/platform/actions";
import { setUpBillingTest, type BillingTestEnv } from "../billing/billing-test-env";

/*
 * The platform actions against the billing test database (three demo
 * tenants, the Stripe stand-in, the real route handlers' process clients)
 * plus the support console's own BYPASSRLS access, and a platform admin.
 * Tenants for one test are made fresh, so every action starts from a known row.
 */

export interface PlatformActionsEnv extends BillingTestEnv {
  access: PlatformAccess;
  lookup: ActionLookup;
  adminId: string;
  request: ActionRequest;
  /** Prepares (may throw the refusal) and runs one action on a tenant, as the route does. */
  act(tenantId: string, action: string, body: unknown, now?: Date): Promise<Record<string, unknown>>;
  prepare(tenantId: string, action: string, body: unknown, now?: Date): Promise<PreparedAction>;
  provision(body: unknown, now?: Date): Promise<Record<string, unknown>>;
  makeTenant(label: string, options?: { status?: string; trialEndsAt?: Date | null; pastDueSince?: Date | null }): Promise<TestTenant>;
}

export interface TestTenant {
  id: string;
  slug: string;
  ownerId: string;
  ownerEmail: string;
}

export async function setUpPlatformActions(label: string): Promise<PlatformActionsEnv> {
  const env = await setUpBillingTest(label);
  const access = createPlatformAccess({ url: env.db.platformUrl, max: 3 });
  const { createActionLookup, prepareTenantAction, prepareProvision, performPrepared } = await import("@/lib/platform/actions");
  const lookup = createActionLookup(access.pool);
  const adminId = randomUUID();
  await env.admin.query(`INSERT INTO users (id, email, name, is_platform_admin, updated_at) VALUES ($1, $2, 'Support Agent', true, now())`, [
    adminId,
    `agent-${randomBytes(3).toString("hex")}@frontdesk.test`,
  ]);
  const request: ActionRequest = {
    adminUserId: adminId,
    ip: "203.0.113.7",
    requestId: "req-platform-test",
    apexOrigin: "http://localhost:3000",
    tenantOrigin: (slug) => `http://${slug}.localhost:3000`,
  };
  const actor = { userId: adminId, ip: request.ip, requestId: request.requestId };
  const options = (now: Date) => ({ now, lookup, links: request });

  return {
    ...env,
    access,
    lookup,
    adminId,
    request,
    prepare: (tenantId, action, body, now = new Date()) => prepareTenantAction(tenantId, action, body, options(now)),
    async act(tenantId, action, body, now = new Date()) {
      return performPrepared(access, actor, await prepareTenantAction(tenantId, action, body, options(now)));
    },
    async provision(body, now = new Date()) {
      return performPrepared(access, actor, await prepareProvision(body, options(now)));
    },
    async makeTenant(label, options = {}) {
      const slug = `${label}-${randomBytes(3).toString("hex")}`;
      const ownerEmail = `owner@${slug}.test`;
      const trialEndsAt = options.trialEndsAt === undefined ? new Date(Date.now() + 10 * 86_400_000) : options.trialEndsAt;
      const t = await env.admin.query<{ id: string }>(
        `INSERT INTO tenants (slug, name, region, admin_email, timezone, status, plan, trial_ends_at, past_due_since, updated_at)
         VALUES ($1, $1, 'FR', $2, 'Europe/Paris', $3::"TenantStatus", 'pro', $4, $5, now()) RETURNING id`,
        [slug, ownerEmail, options.status ?? "trial", trialEndsAt, options.pastDueSince ?? null],
      );
      const id = t.rows[0]!.id;
      const u = await env.admin.query<{ id: string }>(`INSERT INTO users (email, name, updated_at) VALUES ($1, 'Owner', now()) RETURNING id`, [ownerEmail]);
      await env.admin.query(`INSERT INTO memberships (tenant_id, user_id, role, updated_at) VALUES ($1, $2, 'owner', now())`, [id, u.rows[0]!.id]);
      return { id, slug, ownerId: u.rows[0]!.id, ownerEmail };
    },
    async close() {
      await access.close();
      // The route handlers' own platform pool, when a suite used them.
      const { platformAccess } = await import("@/lib/db");
      await platformAccess().close();
      await env.close();
    },
  };
}

/** A Swiss mobile number nobody else in the run has. */
export function freshNumber(): string {
  return `+4179${String(Math.floor(1_000_000 + Math.random() * 8_999_999))}`;
}
