import { notFound } from "next/navigation";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { requireTenantPage } from "@/lib/auth";
import { outboxIsMailbox } from "@/lib/auth/outgoing-email";
import { tenantTimeZone } from "@/lib/booking";
import { tenantDb } from "@/lib/db";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { outboxMessages } from "@/lib/i18n/billing-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { formatInstant } from "@/lib/i18n/date-format";
import { runAsTenant } from "@/lib/tenancy";

const URL_PATTERN = /(https?:\/\/[^\s]+)/;
const IS_URL = /^https?:\/\//;

// Development mailbox: when SMTP_URL is unset, emails only land in the
// outbox table, and this page is where to read them. Absent in production.
export default async function OutboxPage() {
  if (!outboxIsMailbox()) notFound();
  const access = await requireTenantPage("outbox.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(outboxMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const { messages, timeZone } = await runAsTenant(access.user.tenantId, async () => ({
    messages: await tenantDb().emailOutbox.findMany({ orderBy: { createdAt: "desc" }, take: 50 }),
    timeZone: await tenantTimeZone(tenantDb()),
  }));
  return (
    <section aria-labelledby="outbox-heading">
      <h1 id="outbox-heading" className="text-2xl font-bold tracking-tight">
        {t.title}
      </h1>
      <p className="mt-2 text-sm text-ink-muted">{t.intro}</p>
      {messages.length === 0 ? <p className="mt-6 text-ink-muted">{t.empty}</p> : null}
      <ul className="mt-6 space-y-4">
        {messages.map((m) => (
          <li key={m.id} className="rounded-xl p-4 ring-1 ring-slate-200">
            <article aria-label={fillMessage(t.emailTo, { address: m.toAddress })}>
              <p className="text-sm text-ink-muted">
                {t.to} <strong className="text-ink">{m.toAddress}</strong> · {formatInstant(m.createdAt.toISOString(), timeZone, locale)}
              </p>
              <h2 className="mt-1 font-semibold">{m.subject}</h2>
              <p className="mt-2 text-sm whitespace-pre-wrap">
                {m.textBody.split(URL_PATTERN).map((part, i) =>
                  IS_URL.test(part) ? (
                    <a key={i} href={part} className="break-all text-brand-700 underline">
                      {part}
                    </a>
                  ) : (
                    part
                  ),
                )}
              </p>
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}
