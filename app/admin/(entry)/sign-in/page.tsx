import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AdminSignInForm } from "@/components/platform-auth/admin-sign-in-form";
import { currentAdminSession } from "@/lib/auth";

export const metadata: Metadata = { title: "Platform console sign-in" };

export default async function AdminSignInPage() {
  const session = await currentAdminSession();
  if (session) redirect(session.secondFactor ? "/" : "/two-factor");
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Sign in to the platform console</h1>
      <p className="mt-2 text-sm text-ink-muted">For Frontdesk staff. Every visit is audited.</p>
      <div className="mt-6">
        <AdminSignInForm />
      </div>
    </>
  );
}
