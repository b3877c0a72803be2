import { DeleteWorkspaceForm } from "@/components/tenant/delete-workspace-form";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, isTenantActive, requireTenantPage } from "@/lib/auth";
import { messagesFor } from "@/lib/i18n";
import { billingMessages } from "@/lib/i18n/billing-messages";
import { deleteWorkspaceMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";

// Placeholder until billing lands: the one page an owner can still reach
// when the workspace is suspended or cancelled, so deleting the workspace is
// offered here too (Settings is closed then).
export default async function BillingPage() {
  const access = await requireTenantPage("billing.manage");
  const { user } = access;
  const locale = await getUiLocale(user.tenantId);
  const t = messagesFor(billingMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  return (
    <section aria-labelledby="billing-heading">
      <h1 id="billing-heading" className="text-2xl font-bold tracking-tight">
        {t.title}
      </h1>
      <p className="mt-2 text-ink-muted">
        {t.status} <strong>{t[`status_${user.tenantStatus}`]}</strong>. {t.placeholder}
      </p>
      {!isTenantActive(user.tenantStatus) && can(user.role, "tenant.delete") ? (
        <DeleteWorkspaceForm slug={user.tenantSlug} name={user.tenantName} t={messagesFor(deleteWorkspaceMessages, locale)} />
      ) : null}
    </section>
  );
}
