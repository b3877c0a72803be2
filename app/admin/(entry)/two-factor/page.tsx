import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AdminTwoFactorSetup } from "@/components/platform-auth/admin-two-factor-setup";
import { requirePlatformAdminPage, currentAdminSession } from "@/lib/auth";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function AdminTwoFactorPage() {
  const admin = await requirePlatformAdminPage("setup");
  if ((await currentAdminSession())?.secondFactor) redirect("/");
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Two-factor sign-in</h1>
      <p className="mt-2 text-sm text-ink-muted">
        Platform admins must sign in with a code from an authenticator app. Signed in as {admin.email}.
      </p>
      <div className="mt-6">
        <AdminTwoFactorSetup />
      </div>
    </>
  );
}
