import "server-only";
import type { PlatformDb } from "@/lib/db";

/*
 * What the tenant detail page hands to <TenantActions>: the few facts the
 * dialogs offer choices from. Call inside the page's audited platform access.
 */

export interface TenantActionsView {
  id: string;
  slug: string;
  name: string;
  status: string;
  plan: string;
  trialEndsAt: string | null;
  supportSuspendedAt: string | null;
  supportSuspensionReason: string | null;
  planOverrideUntil: string | null;
  hasBillingAccount: boolean;
  members: Array<{ userId: string; name: string; email: string; role: string }>;
  invitations: Array<{ id: string; email: string; role: string; expiresAt: string }>;
  numbers: Array<{ channel: "voice" | "whatsapp"; number: string }>;
}

export async function loadTenantActionsView(db: PlatformDb, tenantId: string): Promise<TenantActionsView | null> {
  const t = await db.tenant.findUnique({
    where: { id: tenantId },
    select: {
      id: true, slug: true, name: true, status: true, plan: true, trialEndsAt: true, supportSuspendedAt: true,
      supportSuspensionReason: true, planOverrideUntil: true, stripeCustomerId: true,
      memberships: { select: { role: true, user: { select: { id: true, name: true, email: true } } }, orderBy: { createdAt: "asc" } },
      invitations: { where: { acceptedAt: null }, select: { id: true, email: true, role: true, expiresAt: true }, orderBy: { createdAt: "desc" }, take: 50 },
      channelRoutes: { where: { channel: { in: ["voice", "whatsapp"] } }, select: { channel: true, key: true }, orderBy: { key: "asc" } },
    },
  });
  if (!t) return null;
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    status: t.status,
    plan: t.plan,
    trialEndsAt: t.trialEndsAt?.toISOString() ?? null,
    supportSuspendedAt: t.supportSuspendedAt?.toISOString() ?? null,
    supportSuspensionReason: t.supportSuspensionReason,
    planOverrideUntil: t.planOverrideUntil?.toISOString() ?? null,
    hasBillingAccount: t.stripeCustomerId !== null,
    members: t.memberships.map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role })),
    invitations: t.invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() })),
    numbers: t.channelRoutes.map((r) => ({ channel: r.channel as "voice" | "whatsapp", number: r.key })),
  };
}
