import Link from "next/link";
import { notFound } from "next/navigation";
import { channelLabel, formatLongDay, formatWhen, statusLabel } from "@/components/appointments/appointment-format";
import { ClientEditor } from "@/components/clients/client-editor";
import { ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { wallClockAt } from "@/lib/booking";
import { getClientProfile } from "@/lib/clients";
import { tenantDb } from "@/lib/db";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { appointmentsMessages } from "@/lib/i18n/appointments-messages";
import { clientsMessages } from "@/lib/i18n/clients-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { ApiError } from "@/lib/http";
import { tenantRegion } from "@/lib/settings";
import { displayPhone } from "@/lib/channels/phone-number";
import { runAsTenant } from "@/lib/tenancy";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireTenantPage("clients.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(clientsMessages, locale);
  const ta = messagesFor(appointmentsMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const loaded = await runAsTenant(access.user.tenantId, async () => {
    try {
      return { profile: await getClientProfile(tenantDb(), id), region: await tenantRegion(tenantDb()) };
    } catch (error) {
      if (error instanceof ApiError && error.code === "not_found") return null;
      throw error;
    }
  });
  if (!loaded) notFound();
  const { profile, region } = loaded;
  const readOnly = !canChange(access.user, "clients.manage");
  const tz = profile.timeZone;
  return (
    <section aria-labelledby="client-heading" className="space-y-8">
      <div>
        <Link href="/clients" className="text-sm text-brand-700 underline">
          <span aria-hidden="true">← </span>
          {t.backToList}
        </Link>
        <h1 id="client-heading" className="mt-2 text-2xl font-bold tracking-tight">
          {profile.name}
        </h1>
        <p className="mt-1 text-ink-muted">
          {profile.phone ? displayPhone(profile.phone, region) : t.noPhone} · {profile.email ?? t.noEmail}
        </p>
        <ReadOnlyNotice readOnly={readOnly} text={t.readOnly} />
      </div>
      <div className="grid gap-8 lg:grid-cols-2">
        <section aria-labelledby="client-appointments-heading">
          <h2 id="client-appointments-heading" className="mb-2 text-lg font-semibold">
            {t.appointments}
          </h2>
          {profile.appointments.length ? (
            <ul aria-label={t.appointments} className="divide-y divide-slate-100 text-sm">
              {profile.appointments.map((a) => (
                <li key={a.id} className="flex flex-wrap justify-between gap-2 py-2">
                  <span>
                    {formatWhen(a.startsAt, tz, locale)} · {a.service}
                  </span>
                  <span className="text-ink-muted">
                    {statusLabel(ta, a.status)} · {channelLabel(ta, a.channel)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-ink-muted">{t.noAppointments}</p>
          )}
        </section>
        <section aria-labelledby="client-conversations-heading">
          <h2 id="client-conversations-heading" className="mb-2 text-lg font-semibold">
            {t.conversations}
          </h2>
          {profile.conversations.length ? (
            <ul aria-label={t.conversations} className="divide-y divide-slate-100 text-sm">
              {profile.conversations.map((c) => (
                <li key={c.id} className="flex flex-wrap justify-between gap-2 py-2">
                  <Link href={`/conversations/${c.id}`} className="text-brand-700 underline">
                    {fillMessage(t.openConversation, {
                      channel: channelLabel(ta, c.channel),
                      date: formatLongDay(wallClockAt(new Date(c.startedAt), tz).date, locale),
                    })}
                  </Link>
                  <span className="text-ink-muted">{t[`conversation_${c.status}`]}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-ink-muted">{t.noConversations}</p>
          )}
        </section>
      </div>
      {readOnly ? null : (
        <ClientEditor
          client={{ id: profile.id, name: profile.name, phone: profile.phone, email: profile.email, notes: profile.notes }}
          region={region}
          counts={{ appointments: profile.appointments.length, conversations: profile.conversations.length }}
          t={t}
        />
      )}
    </section>
  );
}

