import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ConsoleBillingBanners } from "@/components/billing/console-billing-banners";
import { SupportBanner } from "@/components/tenant/support-banner";
import { TenantShell } from "@/components/tenant/tenant-shell";
import { can, canChange, requireTenantMember, sessionMemberships } from "@/lib/auth";
import { consoleBillingBanners } from "@/lib/billing/banner";
import { outboxIsMailbox } from "@/lib/auth/outgoing-email";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { messagesFor } from "@/lib/i18n";
import { supportMessages } from "@/lib/i18n/support-messages";
import { supportClock } from "@/lib/platform/support";
import { tenantTimeZone } from "@/lib/booking";
import { tenantDb } from "@/lib/db";
import { inboxCount } from "@/lib/inbox";
import { runAsTenant } from "@/lib/tenancy";

// The tenant app, reached through `{slug}.{ROOT_DOMAIN}` (proxy.ts rewrites
// to these routes). The layout only draws the shell: each page checks access
// itself, because layouts are not re-run on client-side navigation.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const user = await requireTenantMember();
  return { title: user.tenantName };
}

export default async function TenantLayout({ children }: { children: ReactNode }) {
  const user = await requireTenantMember();
  const [workspaces, locale, billing, frame] = await Promise.all([
    sessionMemberships(user),
    getUiLocale(user.tenantId),
    consoleBillingBanners(user.tenantId),
    runAsTenant(user.tenantId, async () => ({
      timeZone: await tenantTimeZone(tenantDb()),
      inbox: can(user.role, "conversations.manage") ? await inboxCount(tenantDb()) : 0,
    })),
  ]);
  const support = messagesFor(supportMessages, locale);
  const supportBanner = user.support ? (
    <SupportBanner
      secondsLeft={Math.max(0, Math.floor((user.support.expiresAt.getTime() - supportClock().now().getTime()) / 1000))}
      writesAllowed={user.support.writesAllowed}
      t={support}
    />
  ) : undefined;
  return (
    <TenantShell
      tenantName={user.tenantName}
      tenantSlug={user.tenantSlug}
      tenantStatus={user.tenantStatus}
      role={user.role}
      userName={user.support ? support.supportName : user.name}
      workspaces={workspaces.map((w) => ({ slug: w.slug, name: w.name }))}
      showOutbox={outboxIsMailbox() && !user.support}
      locale={locale}
      supportBanner={supportBanner}
      inboxCount={frame.inbox}
      timeZone={frame.timeZone}
      banner={billing.banners.length ? <ConsoleBillingBanners view={billing} canManage={canChange(user, "billing.manage")} locale={locale} /> : undefined}
    >
      {children}
    </TenantShell>
  );
}
