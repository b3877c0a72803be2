import { NameForm, PasswordForm } from "@/components/account/account-forms";
import { SessionsList, TwoFactorSection } from "@/components/account/security-forms";
import { PageHeading } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { requireTenantPage } from "@/lib/auth";
import { loadAccount } from "@/lib/auth/account";
import { listAccountSessions } from "@/lib/auth/account-sessions";
import { loadTwoFactorStatus } from "@/lib/auth/two-factor-account";
import { tenantTimeZone } from "@/lib/booking";
import { tenantDb } from "@/lib/db";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { accountMessages } from "@/lib/i18n/account-messages";
import { formatInstant } from "@/lib/i18n/date-format";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { runAsTenant } from "@/lib/tenancy";
import { NotificationChoicesForm } from "@/components/notifications/notification-choices-form";
import { notificationMessages } from "@/lib/i18n/notification-messages";
import { notificationChoices } from "@/lib/notifications";

export default async function AccountPage() {
  // Every member may see the page, even before a required second factor is set up: the account is their own.
  const access = await requireTenantPage("account.security");
  const user = access.user;
  const locale = await getUiLocale(user.tenantId);
  const t = messagesFor(accountMessages, locale);
  // Only Frontdesk support is ever refused here: the page is the member's own sign-in.
  if (!access.allowed) return <Forbidden what={t.title} locale={locale} />;
  const tn = messagesFor(notificationMessages, locale);
  const { account, twoFactor, sessions, timeZone, choices } = await runAsTenant(user.tenantId, async () => {
    const db = tenantDb();
    return {
      choices: await notificationChoices({ user, db }),
      account: await loadAccount({ user, db }),
      twoFactor: await loadTwoFactorStatus({ user, db }),
      sessions: await listAccountSessions({ user }),
      timeZone: await tenantTimeZone(db),
    };
  });
  const mustSetUp = user.tenantRequiresTwoFactor && !twoFactor.enabled;
  const when = (iso: string) => formatInstant(iso, timeZone, locale);
  const sessionViews = sessions.map((s) => ({
    id: s.id,
    device: s.device.browser && s.device.system ? fillMessage(t.deviceOn, { browser: s.device.browser, system: s.device.system }) : (s.device.browser ?? s.device.system ?? t.unknownDevice),
    ip: s.ip,
    signedIn: when(s.createdAt),
    lastSeen: when(s.lastSeenAt),
    current: s.current,
  }));
  return (
    <section aria-labelledby="account-heading" className="space-y-10">
      <div>
        <PageHeading id="account-heading" title={t.title} intro={t.intro} />
        {mustSetUp ? (
          <p role="alert" className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-200">
            {t.twoFactorRequired}
          </p>
        ) : null}
      </div>
      <section aria-labelledby="details-heading" className="max-w-xl">
        <h2 id="details-heading" className="mb-3 text-lg font-semibold">
          {t.detailsHeading}
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="font-medium text-ink">{t.name}</dt>
          <dd data-testid="account-name">{account.name}</dd>
          <dt className="font-medium text-ink">{t.email}</dt>
          <dd data-testid="account-email" className="break-all">
            {account.email}
          </dd>
        </dl>
        <p className="mt-2 text-xs text-slate-600">{t.emailHint}</p>
      </section>
      <section aria-labelledby="two-factor-heading" className="max-w-2xl">
        <h2 id="two-factor-heading" className="text-lg font-semibold">
          {t.twoFactorHeading}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{t.twoFactorIntro}</p>
        <TwoFactorSection
          status={twoFactor}
          required={user.tenantRequiresTwoFactor}
          enabledOn={twoFactor.enabledAt ? formatInstant(twoFactor.enabledAt, timeZone, locale, { dateStyle: "long" }) : null}
          t={t}
        />
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
        {account.hasPassword ? <PasswordForm email={account.email} t={t} /> : <p className="text-sm text-slate-600">{t.noPassword}</p>}
      </section>
      <section aria-labelledby="notifications-heading" className="max-w-2xl">
        <h2 id="notifications-heading" className="text-lg font-semibold">
          {tn.prefsHeading}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{tn.prefsIntro}</p>
        <NotificationChoicesForm initial={choices} t={tn} />
      </section>
      <section aria-labelledby="sessions-heading" className="max-w-3xl">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          {t.sessionsHeading}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{t.sessionsIntro}</p>
        <SessionsList sessions={sessionViews} t={t} />
      </section>
    </section>
  );
}
