import { ActivityList } from "@/components/activity/activity-list";
import { pageVersion } from "@/components/conversations/list-query";
import { PageHeading } from "@/components/console/read-only-notice";
import { ListFilters } from "@/components/conversations/list-filters";
import { readListQuery } from "@/components/conversations/list-query";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { ACTIVITY_PREFIXES, activityFiltersSchema, listTenantActivity } from "@/lib/audit";
import { requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { activityMessages } from "@/lib/i18n/activity-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { runAsTenant } from "@/lib/tenancy";
import { tenantTimeZone } from "@/lib/booking";

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await requireTenantPage("activity.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(activityMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const { action } = readListQuery(activityFiltersSchema, await searchParams, ["action"]);
  const { page, timeZone } = await runAsTenant(access.user.tenantId, async () => {
    const db = tenantDb();
    const timeZone = await tenantTimeZone(db);
    return { page: await listTenantActivity(db, { action }, { locale, timeZone }), timeZone };
  });
  const known = (ACTIVITY_PREFIXES as readonly string[]).includes(action ?? "");
  return (
    <section aria-labelledby="activity-heading" className="space-y-6">
      <PageHeading id="activity-heading" title={t.title} intro={t.intro} />
      <ListFilters
        label={t.filterLabel}
        apply={t.apply}
        selects={[
          {
            name: "action",
            label: t.actionFilter,
            value: action ?? "",
            options: [
              { value: "", label: t.allActions },
              ...ACTIVITY_PREFIXES.map((p) => ({ value: p, label: t[`prefix_${p}`] })),
              // A prefix typed into the URL (e.g. "channel.widget_key") stays selectable.
              ...(action && !known ? [{ value: action, label: action }] : []),
            ],
          },
        ]}
      />
      <ActivityList initialPage={page} action={action ?? null} version={pageVersion(page)} locale={locale} timeZone={timeZone} t={t} />
    </section>
  );
}
