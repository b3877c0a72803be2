import { PageHeading } from "@/components/console/read-only-notice";
import { ExportLink } from "@/components/console/export-link";
import { ConversationList } from "@/components/conversations/conversation-list";
import { ListFilters } from "@/components/conversations/list-filters";
import { pageVersion, readListQuery } from "@/components/conversations/list-query";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { requireTenantPage } from "@/lib/auth";
import { CONVERSATION_CHANNELS, CONVERSATION_STATUSES, conversationFiltersSchema, listConversations } from "@/lib/conversations";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { conversationsMessages } from "@/lib/i18n/conversations-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { runAsTenant } from "@/lib/tenancy";
import { tenantTimeZone } from "@/lib/booking";

export default async function ConversationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await requireTenantPage("conversations.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(conversationsMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  // The first page always starts at the top; later pages come through the API.
  const filters = readListQuery(conversationFiltersSchema, await searchParams, ["channel", "status"]);
  const { page, timeZone } = await runAsTenant(access.user.tenantId, async () => {
    const db = tenantDb();
    return { page: await listConversations(db, filters), timeZone: await tenantTimeZone(db) };
  });
  return (
    <section aria-labelledby="conversations-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <PageHeading id="conversations-heading" title={t.title} intro={t.intro} />
        </div>
        <ExportLink kind="conversations" label={t.exportCsv} hint={t.exportHint} />
      </div>
      <ListFilters
        label={t.filtersLabel}
        apply={t.apply}
        selects={[
          {
            name: "channel",
            label: t.channel,
            value: filters.channel ?? "",
            options: [{ value: "", label: t.all }, ...CONVERSATION_CHANNELS.map((c) => ({ value: c, label: t[`channel_${c}`] }))],
          },
          {
            name: "status",
            label: t.status,
            value: filters.status ?? "",
            options: [{ value: "", label: t.all }, ...CONVERSATION_STATUSES.map((s) => ({ value: s, label: t[`status_${s}`] }))],
          },
        ]}
      />
      <ConversationList
        initialPage={page}
        filters={{ ...(filters.channel ? { channel: filters.channel } : {}), ...(filters.status ? { status: filters.status } : {}) }}
        version={pageVersion(page)}
        locale={locale}
        timeZone={timeZone}
        t={t}
      />
    </section>
  );
}
