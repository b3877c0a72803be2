import Link from "next/link";
import { redirect } from "next/navigation";
import { isTenantActive, requireTenantMember } from "@/lib/auth";
import { messagesFor } from "@/lib/i18n";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { shellMessages } from "@/lib/i18n/shell-messages";

export default async function SuspendedPage() {
  const user = await requireTenantMember();
  if (isTenantActive(user.tenantStatus)) redirect("/dashboard");
  const t = messagesFor(shellMessages, await getUiLocale(user.tenantId));
  const cancelled = user.tenantStatus === "cancelled";
  return (
    <section aria-labelledby="suspended-heading">
      <h1 id="suspended-heading" className="text-2xl font-bold tracking-tight">
        {cancelled ? t.cancelledTitle : t.suspendedTitle}
      </h1>
      <p className="mt-2 max-w-prose text-slate-700">{cancelled ? t.cancelledText : t.suspendedText}</p>
      {user.role === "owner" ? (
        <p className="mt-4">
          <Link href="/billing" className="font-semibold text-brand-700 hover:text-brand-800">
            {t.goToBilling}
          </Link>
        </p>
      ) : (
        <p className="mt-4 text-slate-700">{t.ownerCanResolve}</p>
      )}
    </section>
  );
}
