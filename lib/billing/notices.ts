import "server-only";
import { sendEmail } from "@/lib/auth/outgoing-email";
import { tenantDb, type TenantDb } from "@/lib/db";
import { fillMessage } from "@/lib/i18n/messages";
import { billingNoticeMessages } from "@/lib/i18n/billing-notice-messages";
import { publicUrl } from "@/lib/channels/public-url";
import { rootDomain } from "@/lib/tenancy/tenant-host";
import { limitsInForce, parsePlanLimits } from "./plan-catalogue";

/*
 * Billing notices: each one a row with a unique key per tenant, opened in the
 * same transaction as what caused it (a count crossing 80%, a failed invoice,
 * a dunning step), so it exists once whatever retries or races. Its email is
 * delivered afterwards by claiming the row (emailed_to set atomically), so a
 * second worker or a rerun never sends it twice. The console banner reads
 * the same rows.
 */

export interface NoticeInput {
  key: string;
  kind: "usage_alert" | "dunning" | "suspended" | "trial_will_end" | "trial_ended" | "payment_action_required" | "cancelled" | "cancellation_warning";
  metric?: string | null;
  period?: string | null;
  level?: number | null;
}

export const OPEN_NOTICE_SQL = `INSERT INTO billing_notices (tenant_id, id, notice_key, kind, metric, period, level)
VALUES ($1, gen_random_uuid(), $2, $3, $4, $5, $6)
ON CONFLICT (tenant_id, notice_key) DO NOTHING RETURNING id`;

export function openNoticeStatement(tenantId: string, n: NoticeInput) {
  return { text: OPEN_NOTICE_SQL, values: [tenantId, n.key, n.kind, n.metric ?? null, n.period ?? null, n.level ?? null] };
}

const CLAIM_SQL = `UPDATE billing_notices SET emailed_to = $2
WHERE tenant_id = $1 AND emailed_to IS NULL
RETURNING notice_key AS key, kind, metric, period, level, created_at AS "createdAt"`;

interface Claimed {
  key: string;
  kind: NoticeInput["kind"];
  metric: string | null;
  period: string | null;
  level: number | null;
  createdAt: Date;
}

interface EmailFacts {
  business: string;
  plan: string;
  locale: "fr" | "en";
  url: string;
  deletionDue: Date | null;
  trialEndsAt: Date | null;
  metered: boolean;
}

function dateText(date: Date | null, locale: "fr" | "en"): string {
  return date ? new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { dateStyle: "long", timeZone: "UTC" }).format(date) : "";
}

export function noticeEmail(n: Claimed, f: EmailFacts): { subject: string; text: string } {
  const m = billingNoticeMessages[f.locale];
  const values = {
    business: f.business,
    plan: f.plan,
    url: f.url,
    percent: n.level ?? 0,
    metric: n.metric === "call_minutes" ? m.metric_call_minutes : n.metric === "model_tokens" ? m.metric_model_tokens : m.metric_conversations,
    date: dateText(n.kind === "trial_will_end" ? f.trialEndsAt : f.deletionDue, f.locale),
    days: n.level ?? 0,
    next: "",
  };
  const fill = (subject: string, body: string) => ({ subject: fillMessage(subject, values), text: fillMessage(body, values) });
  switch (n.kind) {
    case "usage_alert":
      values.next = n.metric === "model_tokens" ? m.usageNextTokens : f.metered ? m.usageNextMeter : m.usageNextRefuse;
      return fill(m.usageSubject, m.usageBody);
    case "dunning":
      return fill(m.dunningSubject, n.level === 7 ? m.dunningBody7 : n.level === 3 ? m.dunningBody3 : m.dunningBody0);
    case "suspended":
      return fill(m.suspendedSubject, m.suspendedBody);
    case "trial_will_end":
      return fill(m.trialWillEndSubject, m.trialWillEndBody);
    case "trial_ended":
      return fill(m.trialEndedSubject, m.trialEndedBody);
    case "payment_action_required":
      return fill(m.actionRequiredSubject, m.actionRequiredBody);
    case "cancelled":
      return fill(m.cancelledSubject, m.cancelledBody);
    case "cancellation_warning":
      return fill(m.cancelWarnSubject, m.cancelWarnBody);
  }
}

/** The current tenant's owners' addresses (the tenant's admin address when it has none). */
export async function ownerAddresses(db: TenantDb, fallback: string): Promise<string[]> {
  const owners = await db.membership.findMany({ where: { role: "owner" }, select: { user: { select: { email: true } } } });
  const list = owners.map((o) => o.user.email);
  return list.length ? list : [fallback];
}

/** Sends the emails of the current tenant's notices not emailed yet; call inside runAsTenant. */
export async function deliverBillingNotices(db: TenantDb = tenantDb()): Promise<number> {
  const tenant = await db.tenant.findFirst({
    select: { id: true, slug: true, name: true, locale: true, status: true, adminEmail: true, dataDeletionDueAt: true, trialEndsAt: true, planRef: { select: { name: true, limits: true } } },
  });
  if (!tenant) return 0;
  const to = await ownerAddresses(db, tenant.adminEmail);
  const claimed = await db.$queryRawUnsafe<Claimed[]>(CLAIM_SQL, tenant.id, to.join(", "));
  const protocol = new URL(publicUrl()).protocol;
  const facts: EmailFacts = {
    business: tenant.name,
    plan: tenant.planRef?.name ?? "",
    locale: tenant.locale === "en" ? "en" : "fr",
    url: `${protocol}//${tenant.slug}.${rootDomain()}/billing`,
    deletionDue: tenant.dataDeletionDueAt,
    trialEndsAt: tenant.trialEndsAt,
    metered: limitsInForce(parsePlanLimits(tenant.planRef?.limits), tenant.status).overLimit === "meter",
  };
  for (const notice of claimed) {
    const { subject, text } = noticeEmail(notice, facts);
    for (const address of to) await sendEmail(db, { to: address, subject, text, kind: "billing" });
  }
  return claimed.length;
}
