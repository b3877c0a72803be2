import { Forbidden } from "@/components/tenant/tenant-shell";
import { requireTenantPage } from "@/lib/auth";

// Placeholder until billing lands: the one page an owner can still reach
// when the workspace is suspended or cancelled.
export default async function BillingPage() {
  const access = await requireTenantPage("billing.manage");
  if (!access.allowed) return <Forbidden what="billing" />;
  return (
    <section aria-labelledby="billing-heading">
      <h1 id="billing-heading" className="text-2xl font-bold tracking-tight">
        Billing
      </h1>
      <p className="mt-2 text-ink-muted">
        Workspace status: <strong>{access.user.tenantStatus}</strong>. Plans and payment arrive with the billing issue.
      </p>
    </section>
  );
}
