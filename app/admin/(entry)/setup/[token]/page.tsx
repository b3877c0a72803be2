import type { Metadata } from "next";
import { AdminSetupForm } from "@/components/platform-auth/admin-setup-form";

export const metadata: Metadata = { title: "Platform console setup" };

export default async function AdminSetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Set up your platform account</h1>
      <p className="mt-2 text-sm text-ink-muted">Choose a password. Two-factor sign-in comes next and is required.</p>
      <div className="mt-6">
        <AdminSetupForm token={token} />
      </div>
    </>
  );
}
