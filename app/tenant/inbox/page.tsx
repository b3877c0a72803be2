import Link from "next/link";
import { PageHeading } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { requireTenantPage } from "@/lib/auth";
import { tenantTimeZone } from "@/lib/booking";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { formatInstant } from "@/lib/i18n/date-format";
import { inboxMessages } from "@/lib/i18n/inbox-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { listInbox } from "@/lib/inbox";
import { runAsTenant } from "@/lib/tenancy";

export default async function InboxPage() {
  const access = await requireTenantPage("conversations.manage");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(inboxMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const { rows, timeZone } = await runAsTenant(access.user.tenantId, async () => ({ rows: await listInbox(tenantDb()), timeZone: await tenantTimeZone(tenantDb()) }));
  return (
    <section aria-labelledby="inbox-heading" className="space-y-6">
      <PageHeading id="inbox-heading" title={t.title} intro={t.intro} />
      {rows.length === 0 ? (
        <p className="text-slate-600">{t.empty}</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="inbox-table">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-3">{t.colClient}</th>
              <th scope="col" className="py-2 pr-3">{t.colChannel}</th>
              <th scope="col" className="py-2 pr-3">{t.colState}</th>
              <th scope="col" className="py-2 pr-3">{t.colLast}</th>
              <th scope="col" className="py-2">{t.colUpdated}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-b border-slate-100">
                <td className="py-2 pr-3">
                  <Link href={`/inbox/${row.id}`} className="font-medium text-brand-800 hover:underline">
                    {row.client ?? t.unknownClient}
                  </Link>
                </td>
                <td className="py-2 pr-3">{t[`channel_${row.channel}`]}</td>
                <td className="py-2 pr-3">{row.takenOver ? t.stateTakenOver : t.stateHandedOff}</td>
                <td className="max-w-xs truncate py-2 pr-3">{row.lastMessage ?? ""}</td>
                <td className="py-2">{formatInstant(row.updatedAt, timeZone, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
