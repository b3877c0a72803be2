import { requireTenantPage } from "@/lib/auth";

export default async function DashboardPage() {
  const { user } = await requireTenantPage("dashboard.view");
  return (
    <section aria-labelledby="dashboard-heading">
      <h1 id="dashboard-heading" className="text-2xl font-bold tracking-tight">
        {user.tenantName}
      </h1>
      <p className="mt-2 text-ink-muted">
        Signed in as {user.name} ({user.email}). Your role: <strong data-testid="dashboard-role">{user.role}</strong>.
      </p>
      {user.tenantStatus === "trial" ? <p className="mt-4 text-sm text-ink-muted">Your free trial is running.</p> : null}
      <p className="mt-8 text-sm text-ink-muted">Conversations, appointments and clients will appear here.</p>
    </section>
  );
}
