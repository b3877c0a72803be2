import { NameForm, PasswordForm } from "@/components/account/account-forms";
import { PageHeading } from "@/components/console/read-only-notice";
import { requireTenantPage } from "@/lib/auth";
import { loadAccount } from "@/lib/auth/account";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { accountMessages } from "@/lib/i18n/account-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { runAsTenant } from "@/lib/tenancy";

export default async function AccountPage() {
  // Every member may see the page; there is no read-only variant: the account is their own.
  const { user } = await requireTenantPage("dashboard.view");
  const locale = await getUiLocale(user.tenantId);
  const t = messagesFor(accountMessages, locale);
  const account = await runAsTenant(user.tenantId, () => loadAccount({ user, db: tenantDb() }));
  return (
    <section aria-labelledby="account-heading" className="space-y-10">
      <div>
        <PageHeading id="account-heading" title={t.title} intro={t.intro} />
      </div>
      <section aria-labelledby="details-heading" className="max-w-xl">
        <h2 id="details-heading" className="mb-3 text-lg font-semibold">
          {t.detailsHeading}
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="font-medium text-ink">{t.name}</dt>
          <dd data-testid="account-name">{account.name}</dd>
          <dt className="font-medium text-ink">{t.email}</dt>
          <dd data-testid="account-email">{account.email}</dd>
        </dl>
        <p className="mt-2 text-xs text-ink-muted">{t.emailHint}</p>
      </section>
      <section aria-labelledby="name-heading" className="max-w-md">
        <h2 id="name-heading" className="mb-3 text-lg font-semibold">
          {t.nameHeading}
        </h2>
        <NameForm name={account.name} t={t} />
      </section>
      <section aria-labelledby="password-heading" className="max-w-md">
        <h2 id="password-heading" className="mb-3 text-lg font-semibold">
          {t.passwordHeading}
        </h2>
        {account.hasPassword ? <PasswordForm email={account.email} t={t} /> : <p className="text-sm text-ink-muted">{t.noPassword}</p>}
      </section>
    </section>
  );
}
