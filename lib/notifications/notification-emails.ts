import "server-only";
import { sendEmail } from "@/lib/auth/outgoing-email";
import type { TenantDb } from "@/lib/db/tenant-db";
import type { NotificationKind } from "@/lib/db/generated/client";
import { fillMessage } from "@/lib/i18n";
import { formatInstant } from "@/lib/i18n/date-format";
import { notificationMessages } from "@/lib/i18n/notification-messages";
import { requireTenantId } from "@/lib/tenancy";
import { tenantOrigin } from "@/lib/tenancy/tenant-host";

/*
 * Emails for the notifications members chose to get by email, in the
 * tenant's language. Each row is claimed (email_pending → false) by one
 * UPDATE … RETURNING before it is sent, so two drains never send it twice.
 * Runs after a turn that handed off or changed an appointment, and every
 * minute from the job runner for the paths that have no turn (Vapi).
 */

interface Claimed {
  id: string;
  userId: string;
  kind: NotificationKind;
  payload: { channel?: string; service?: string; startsAt?: string } | null;
  conversationId: string | null;
}

const BATCH = 50;

export async function sendPendingNotificationEmails(db: TenantDb): Promise<number> {
  const tenantId = requireTenantId("sendPendingNotificationEmails");
  const claimed = await db.$queryRaw<Claimed[]>`
    UPDATE notifications SET email_pending = false, emailed_at = now()
    WHERE tenant_id = ${tenantId}::uuid AND (tenant_id, id) IN (
      SELECT tenant_id, id FROM notifications WHERE tenant_id = ${tenantId}::uuid AND email_pending
      ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING id, user_id AS "userId", kind, payload, conversation_id AS "conversationId"`;
  if (!claimed.length) return 0;
  const [tenant, members] = await Promise.all([
    db.tenant.findFirstOrThrow({ where: { id: tenantId }, select: { name: true, slug: true, locale: true, timezone: true } }),
    db.membership.findMany({ where: { userId: { in: [...new Set(claimed.map((c) => c.userId))] } }, select: { userId: true, user: { select: { email: true } } } }),
  ]);
  const emailOf = new Map(members.map((m) => [m.userId, m.user.email]));
  const locale = tenant.locale === "en" ? "en" : "fr";
  const t = notificationMessages[locale];
  const origin = tenantOrigin(tenant.slug, new Headers());
  for (const n of claimed) {
    const to = emailOf.get(n.userId);
    if (!to) continue;
    const channel = n.payload?.channel === "web" || n.payload?.channel === "whatsapp" || n.payload?.channel === "voice" ? t[`channel_${n.payload.channel}`] : "";
    const what = fillMessage(t[`kind_${n.kind}`], { channel });
    const when = n.payload?.startsAt ? formatInstant(n.payload.startsAt, tenant.timezone, locale) : null;
    const detail = n.payload?.service && when ? fillMessage(t.detail, { service: n.payload.service, when, channel }) : channel ? fillMessage(t.detailChannel, { channel }) : "";
    const path = n.kind === "handoff" && n.conversationId ? `/inbox/${n.conversationId}` : n.conversationId ? `/conversations/${n.conversationId}` : "/appointments";
    await sendEmail(db, {
      to,
      kind: "notification",
      subject: fillMessage(t.emailSubject, { business: tenant.name, what }),
      text: [t.emailIntro, "", what, detail, "", fillMessage(t.emailOpen, { url: origin + path }), "", t.emailWhy].join("\n"),
    });
  }
  return claimed.length;
}
