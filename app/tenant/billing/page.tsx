import { BillingFacts, BillingUsage } from "@/components/billing/billing-summary";
import { ManageBillingButton } from "@/components/billing/manage-billing-button";
import { PlanPicker } from "@/components/billing/plan-picker";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { DeleteWorkspaceForm } from "@/components/tenant/delete-workspace-form";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, isTenantActive, requireTenantPage } from "@/lib/auth";
import { billingOverview } from "@/lib/billing/billing-overview";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { billingMessages } from "@/lib/i18n/billing-messages";
import { deleteWorkspaceMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { runAsTenant } from "@/lib/tenancy";

// Owners manage, admins read. Also the one page an owner can still reach when
// the workspace is suspended or cancelled, so deleting it is offered here too.
export default async function BillingPage() {
  const access = await requireTenantPage("billing.view");
  const { user } = access;
  const locale = await getUiLocale(user.tenantId);
  const t = messagesFor(billingMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const overview = await runAsTenant(user.tenantId, () => billingOverview(tenantDb()));
  const manage = canChange(user, "billing.manage");
  const sub = overview.subscription;
  const subscribed = sub !== null && ["active", "trialing", "past_due"].includes(sub.status);
  return (
    <section aria-labelledby="billing-heading" className="space-y-8">
      <div>
        <PageHeading id="billing-heading" title={t.title} intro={t.intro} />
        <ReadOnlyNotice readOnly={!manage} text={t.readOnly} />
      </div>
      <BillingFacts overview={overview} locale={locale} t={t} />
      {!overview.configured ? (
        <p data-testid="billing-not-configured" className="rounded-lg bg-slate-100 px-4 py-3 text-sm">
          {t.notConfigured}
        </p>
      ) : manage && overview.hasBillingAccount ? (
        <ManageBillingButton t={t} />
      ) : null}
      <BillingUsage overview={overview} locale={locale} t={t} />
      <PlanPicker
        offers={overview.offers}
        currency={overview.currency}
        currentPlan={overview.plan.code}
        currentInterval={sub?.interval ?? null}
        subscribed={subscribed}
        canManage={manage}
        configured={overview.configured}
        locale={locale}
        t={t}
      />
      {!isTenantActive(user.tenantStatus) && canChange(user, "tenant.delete") ? (
        <DeleteWorkspaceForm slug={user.tenantSlug} name={user.tenantName} t={messagesFor(deleteWorkspaceMessages, locale)} />
      ) : null}
    </section>
  );
}
