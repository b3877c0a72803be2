import { ClientsDirectory } from "@/components/clients/clients-directory";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { requireTenantPage } from "@/lib/auth";
import { tenantTimeZone } from "@/lib/booking";
import { clientSearchSchema, searchClients } from "@/lib/clients";
import { tenantDb } from "@/lib/db";
import { pageQueryValue } from "@/lib/http";
import { messagesFor } from "@/lib/i18n";
import { clientsMessages } from "@/lib/i18n/clients-messages";
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
  const { clients, timeZone } = await runAsTenant(access.user.tenantId, async () => {
    const db = tenantDb();
    const [region, timeZone] = await Promise.all([tenantRegion(db), tenantTimeZone(db)]);
    return { clients: await searchClients(db, q, region), timeZone };
  });
  return (
    <section aria-labelledby="clients-heading" className="space-y-6">
      <div>
        <h1 id="clients-heading" className="text-2xl font-bold tracking-tight">
          {t.title}
        </h1>
        <p className="mt-1 text-ink-muted">{t.intro}</p>
      </div>
      <ClientsDirectory initialQuery={q} initialClients={clients} locale={locale} timeZone={timeZone} t={t} />
    </section>
  );
}
