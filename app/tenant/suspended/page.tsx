import Link from "next/link";
import { redirect } from "next/navigation";
import { isTenantActive, requireTenantMember } from "@/lib/auth";

export default async function SuspendedPage() {
  const user = await requireTenantMember();
  if (isTenantActive(user.tenantStatus)) redirect("/dashboard");
  const cancelled = user.tenantStatus === "cancelled";
  return (
    <section aria-labelledby="suspended-heading">
      <h1 id="suspended-heading" className="text-2xl font-bold tracking-tight">
        {cancelled ? "This workspace is cancelled" : "This workspace is suspended"}
      </h1>
      <p className="mt-2 max-w-prose text-ink-muted">
        {cancelled
          ? "Its subscription has ended, so the receptionist no longer answers and its data is read-only until it is reactivated."
          : "Its subscription needs attention, so the receptionist is paused and the workspace cannot be used for now."}
      </p>
      {user.role === "owner" ? (
        <p className="mt-4">
          <Link href="/billing" className="font-semibold text-brand-700 hover:text-brand-800">
            Go to billing to resolve this, or to delete the workspace
          </Link>
        </p>
      ) : (
        <p className="mt-4 text-ink-muted">The workspace owner can resolve this from billing.</p>
      )}
    </section>
  );
}
