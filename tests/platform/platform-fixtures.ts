import { randomUUID } from "node:crypto";
import type pg from "pg";

/*
 * Rows for the platform console's read tests, written as the superuser the
 * way the app would leave them: tenants with owners, routed numbers, plan
 * counters, conversations with messages, usage events and subscriptions.
 */

export interface TenantSpec {
  slug: string;
  name?: string;
  region?: "FR" | "BE" | "CH" | "DZ" | "CA";
  plan?: string;
  status?: "trial" | "active" | "past_due" | "suspended" | "cancelled";
  timezone?: string;
  createdAt?: Date;
  stripeCustomerId?: string | null;
  adminEmail?: string;
  pastDueSince?: Date | null;
}

export async function addTenant(c: pg.Client, spec: TenantSpec): Promise<string> {
  const r = await c.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, region, plan, status, admin_email, timezone, created_at, updated_at, stripe_customer_id, past_due_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10) RETURNING id`,
    [
      spec.slug,
      spec.name ?? spec.slug,
      spec.region ?? "FR",
      spec.plan ?? "starter",
      spec.status ?? "active",
      spec.adminEmail ?? `contact@${spec.slug}.test`,
      spec.timezone ?? "Europe/Paris",
      spec.createdAt ?? new Date(),
      spec.stripeCustomerId ?? null,
      spec.pastDueSince ?? null,
    ],
  );
  return r.rows[0]!.id;
}

export async function addMember(c: pg.Client, tenantId: string, email: string, role = "owner", name = email.split("@")[0]!): Promise<string> {
  const u = await c.query<{ id: string }>(
    `INSERT INTO users (email, name, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [email, name],
  );
  const userId = u.rows[0]!.id;
  await c.query(`INSERT INTO memberships (tenant_id, user_id, role, updated_at) VALUES ($1, $2, $3, now())`, [tenantId, userId, role]);
  return userId;
}

export async function addRoute(c: pg.Client, tenantId: string, channel: "voice" | "whatsapp" | "web", key: string, prefix: string | null = null): Promise<string> {
  const r = await c.query<{ id: string }>(
    `INSERT INTO channel_routes (tenant_id, channel, key, key_prefix) VALUES ($1, $2, $3, $4) RETURNING id`,
    [tenantId, channel, key, prefix],
  );
  return r.rows[0]!.id;
}

export async function addCounter(c: pg.Client, tenantId: string, period: string, metric: "conversations" | "call_minutes", used: number, plan = "starter") {
  await c.query(
    `INSERT INTO usage_counters (tenant_id, period, metric, used, included, ceiling, plan_code, updated_at) VALUES ($1, $2, $3, $4, 0, 0, $5, now())`,
    [tenantId, period, metric, used, plan],
  );
}

export async function addConversation(
  c: pg.Client,
  tenantId: string,
  channel: "voice" | "whatsapp" | "web",
  startedAt: Date,
  messages: Array<{ role: "caller" | "agent"; content: string; at: Date }> = [],
): Promise<string> {
  const id = randomUUID();
  await c.query(
    `INSERT INTO conversations (tenant_id, id, channel, external_id, started_at, summary, transcript, state, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'SECRET-SUMMARY', 'SECRET-TRANSCRIPT', '{"secret": "SECRET-STATE"}', now())`,
    [tenantId, id, channel, `ext-${id}`, startedAt],
  );
  for (const m of messages) {
    await c.query(`INSERT INTO messages (tenant_id, conversation_id, role, content, created_at) VALUES ($1, $2, $3, $4, $5)`, [tenantId, id, m.role, m.content, m.at]);
  }
  return id;
}

export async function addUsageEvent(c: pg.Client, tenantId: string, metric: string, quantity: number, occurredAt: Date) {
  await c.query(
    `INSERT INTO usage_events (tenant_id, metric, quantity, occurred_at, idempotency_key) VALUES ($1, $2, $3, $4, $5)`,
    [tenantId, metric, quantity, occurredAt, `${metric}:${randomUUID()}`],
  );
}

export async function addSubscription(
  c: pg.Client,
  tenantId: string,
  spec: { plan: string; status: string; interval: "month" | "year" | null; currency: "eur" | "chf" | "cad" | null; customer?: string },
) {
  await c.query(
    `INSERT INTO subscriptions (tenant_id, plan_code, status, interval, currency, stripe_customer_id, stripe_subscription_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
    [tenantId, spec.plan, spec.status, spec.interval, spec.currency, spec.customer ?? null, `sub_${randomUUID().slice(0, 8)}`],
  );
}
