import { DeleteWorkspaceForm } from "@/components/tenant/delete-workspace-form";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, isTenantActive, requireTenantPage } from "@/lib/auth";
import { messagesFor } from "@/lib/i18n";
import { deleteWorkspaceMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";

// Placeholder until billing lands: the one page an owner can still reach
// when the workspace is suspended or cancelled, so deleting the workspace is
// offered here too (Settings is closed then).
export default async function BillingPage() {
  const access = await requireTenantPage("billing.manage");
  if (!access.allowed) return <Forbidden what="billing" />;
  const { user } = access;
  const locale = await getUiLocale(user.tenantId);
  return (
    <section aria-labelledby="billing-heading">
      <h1 id="billing-heading" className="text-2xl font-bold tracking-tight">
        Billing
      </h1>
      <p className="mt-2 text-ink-muted">
        Workspace status: <strong>{user.tenantStatus}</strong>. Plans and payment arrive with the billing issue.
      </p>
      {!isTenantActive(user.tenantStatus) && can(user.role, "tenant.delete") ? (
        <DeleteWorkspaceForm slug={user.tenantSlug} name={user.tenantName} t={messagesFor(deleteWorkspaceMessages, locale)} />
      ) : null}
    </section>
  );
}
