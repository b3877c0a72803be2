import { AgentModeForm, AgentPersonaForm, FaqManager } from "@/components/console/agent-settings";
import { ReminderSettingsForm } from "@/components/console/reminder-settings";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { agentMessages } from "@/lib/i18n/agent-messages";
import { consoleMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { messagingMessages } from "@/lib/i18n/messaging-messages";
import { fillMessage } from "@/lib/i18n";
import { loadReminderConsole } from "@/lib/messaging";
import { loadAgentMode, loadAgentProfile } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function AgentPage() {
  const access = await requireTenantPage("settings.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(agentMessages, locale);
  if (!access.allowed) return <Forbidden what={t.what} locale={locale} />;
  const readOnly = !canChange(access.user, "settings.manage");
  const { profile, mode, reminders } = await runAsTenant(access.user.tenantId, async () => ({
    profile: await loadAgentProfile(tenantDb()),
    mode: await loadAgentMode(),
    reminders: await loadReminderConsole(tenantDb()),
  }));
  const r = messagesFor(messagingMessages, locale);
  const { faq, ...persona } = profile;
  return (
    <section aria-labelledby="agent-heading" className="space-y-10">
      <div>
        <PageHeading id="agent-heading" title={t.title} intro={t.intro} />
        <ReadOnlyNotice readOnly={readOnly} text={messagesFor(consoleMessages, locale).readOnly} />
      </div>
      <section aria-labelledby="persona-heading" className="max-w-5xl">
        <h2 id="persona-heading" className="mb-3 text-lg font-semibold">
          {t.personaHeading}
        </h2>
        <AgentPersonaForm persona={persona} uiLocale={locale} readOnly={readOnly} t={t} />
      </section>
      <section aria-labelledby="mode-heading" className="max-w-xl">
        <h2 id="mode-heading" className="mb-3 text-lg font-semibold">
          {t.modeHeading}
        </h2>
        <AgentModeForm mode={mode} readOnly={readOnly} t={t} />
      </section>
      <section aria-labelledby="reminders-heading" className="max-w-3xl">
        <h2 id="reminders-heading" className="text-lg font-semibold">
          {r.settingsTitle}
        </h2>
        <p className="mb-3 text-sm text-ink-muted">{r.settingsHelp}</p>
        {reminders.twilioMissing ? (
          <p data-testid="reminders-no-twilio" className="mb-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {r.settingsNoTwilio}
          </p>
        ) : null}
        {reminders.failures.count ? (
          <p data-testid="reminders-failures" className="mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900">
            {fillMessage(r.settingsFailures, { count: reminders.failures.count, reason: reminders.failures.reason ?? "" })}
          </p>
        ) : null}
        <ReminderSettingsForm settings={reminders.settings} readOnly={readOnly} t={r} />
      </section>
      <section aria-labelledby="faq-heading" className="max-w-3xl">
        <h2 id="faq-heading" className="text-lg font-semibold">
          {t.faqHeading}
        </h2>
        <p className="mb-3 text-sm text-ink-muted">{t.faqIntro}</p>
        <FaqManager entries={faq} languages={persona.languages} readOnly={readOnly} t={t} />
      </section>
    </section>
  );
}
