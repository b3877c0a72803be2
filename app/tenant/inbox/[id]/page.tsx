import Link from "next/link";
import { notFound } from "next/navigation";
import { InboxConversationPanel } from "@/components/inbox/inbox-conversation-panel";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { requireTenantPage } from "@/lib/auth";
import { tenantTimeZone } from "@/lib/booking";
import { tenantDb } from "@/lib/db";
import { isTenantId, runAsTenant } from "@/lib/tenancy";
import { messagesFor } from "@/lib/i18n";
import { inboxMessages } from "@/lib/i18n/inbox-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { loadInboxConversation } from "@/lib/inbox";
import { ApiError } from "@/lib/http";

export default async function InboxConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireTenantPage("conversations.manage");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(inboxMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const { id } = await params;
  if (!isTenantId(id)) notFound();
  const loaded = await runAsTenant(access.user.tenantId, async () => {
    const db = tenantDb();
    try {
      return { conversation: await loadInboxConversation(db, id.toLowerCase(), new Date()), timeZone: await tenantTimeZone(db) };
    } catch (error) {
      if (error instanceof ApiError && error.code === "not_found") return null;
      throw error;
    }
  });
  // Another tenant's conversation is invisible (RLS): the same 404 as an unknown id.
  if (!loaded) notFound();
  return (
    <article className="space-y-6">
      <Link href="/inbox" className="text-sm font-medium text-brand-800 underline-offset-2 hover:underline">
        ← {t.back}
      </Link>
      <InboxConversationPanel initial={loaded.conversation} t={t} locale={locale} timeZone={loaded.timeZone} />
    </article>
  );
}
