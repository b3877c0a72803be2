import { AddClientDialog } from "@/components/clients/add-client-dialog";
import { ClientsDirectory } from "@/components/clients/clients-directory";
import { ExportLink } from "@/components/console/export-link";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { tenantTimeZone } from "@/lib/booking";
import { clientSearchSchema, searchClients } from "@/lib/clients";
import { tenantDb } from "@/lib/db";
import { pageQueryValue } from "@/lib/http";
import { messagesFor } from "@/lib/i18n";
import { clientsMessages } from "@/lib/i18n/clients-messages";
import { shellMessages } from "@/lib/i18n/shell-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { tenantRegion } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function ClientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await requireTenantPage("clients.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(clientsMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const parsed = clientSearchSchema.safeParse({ q: pageQueryValue((await searchParams).q) ?? "" });
  const q = parsed.success ? parsed.data.q : "";
  const { clients, timeZone, region } = await runAsTenant(access.user.tenantId, async () => {
    const db = tenantDb();
    const [region, timeZone] = await Promise.all([tenantRegion(db), tenantTimeZone(db)]);
    return { clients: await searchClients(db, q, region), timeZone, region };
  });
  return (
    <section aria-labelledby="clients-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 id="clients-heading" className="text-2xl font-bold tracking-tight">
            {t.title}
          </h1>
          <p className="mt-1 text-slate-700">{t.intro}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ExportLink kind="clients" label={t.exportCsv} hint={t.exportHint} />
          {canChange(access.user, "clients.manage") ? <AddClientDialog region={region} closeLabel={messagesFor(shellMessages, locale).close} t={t} /> : null}
        </div>
      </div>
      <ClientsDirectory initialQuery={q} initialClients={clients} locale={locale} timeZone={timeZone} region={region} t={t} />
    </section>
  );
}
