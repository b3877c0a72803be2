import { ActivationStatus } from "@/components/billing/activation-status";
import { PageHeading } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { pageQueryValue } from "@/lib/http";
import { messagesFor } from "@/lib/i18n";
import { billingMessages } from "@/lib/i18n/billing-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { runAsTenant } from "@/lib/tenancy";

/** Where Stripe Checkout sends the owner back: waits for the subscription to land. */
export default async function BillingReturnPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await requireTenantPage("billing.manage");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(billingMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const raw = pageQueryValue((await searchParams).session_id);
  const sessionId = raw && /^cs_[A-Za-z0-9_]{8,200}$/.test(raw) ? raw : null;
  const plans = await runAsTenant(access.user.tenantId, () => tenantDb().plan.findMany({ select: { code: true, name: true } }));
  return (
    <section aria-labelledby="billing-return-heading" className="max-w-2xl space-y-6">
      <PageHeading id="billing-return-heading" title={t.returnTitle} />
      <ActivationStatus sessionId={sessionId} planNames={Object.fromEntries(plans.map((p) => [p.code, p.name]))} t={t} />
    </section>
  );
}
