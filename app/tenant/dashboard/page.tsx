import { AgendaSection, RecentConversationsSection, UsageSection } from "@/components/overview/overview-sections";
import { requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { conversationsMessages } from "@/lib/i18n/conversations-messages";
import { overviewMessages } from "@/lib/i18n/overview-messages";
import { shellMessages } from "@/lib/i18n/shell-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { loadOverview } from "@/lib/overview";
import { runAsTenant } from "@/lib/tenancy";

export default async function DashboardPage() {
  // Every member may see the overview (dashboard.view is granted to all roles).
  const { user } = await requireTenantPage("dashboard.view");
  const locale = await getUiLocale(user.tenantId);
  const t = messagesFor(overviewMessages, locale);
  const c = messagesFor(conversationsMessages, locale);
  const overview = await runAsTenant(user.tenantId, () => loadOverview(tenantDb()));
  const sections = { overview, locale, t, c };
  return (
    <section aria-labelledby="dashboard-heading" className="space-y-8">
      <div>
        <h1 id="dashboard-heading" className="text-2xl font-bold tracking-tight">
          {user.tenantName}
        </h1>
        <p className="mt-2 text-ink-muted">
          {fillMessage(t.signedInAs, { name: user.name, email: user.email })} <strong data-testid="dashboard-role" data-role={user.role}>
            {messagesFor(shellMessages, locale)[`role_${user.role}`]}
          </strong>
        </p>
        {user.tenantStatus === "trial" ? <p className="mt-2 text-sm text-ink-muted">{t.trialRunning}</p> : null}
      </div>
      <AgendaSection {...sections} />
      <RecentConversationsSection {...sections} />
      <UsageSection {...sections} />
    </section>
  );
}
