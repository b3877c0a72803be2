import type { Metadata } from "next";
import Link from "next/link";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { TRIAL_DAYS } from "@/lib/auth";
import { rootDomain } from "@/lib/tenancy/tenant-host";

export const metadata: Metadata = { title: "Create your account · Frontdesk" };

export default function SignUpPage() {
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Create your account</h1>
      <p className="mt-2 text-sm text-ink-muted">Free for {TRIAL_DAYS} days. No card needed.</p>
      <div className="mt-6">
        <SignUpForm rootHost={rootDomain().split(":")[0]!} timezones={Intl.supportedValuesOf("timeZone")} />
      </div>
      <p className="mt-6 text-sm text-ink-muted">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-semibold text-brand-700 hover:text-brand-800">
          Sign in
        </Link>
      </p>
    </>
  );
}
