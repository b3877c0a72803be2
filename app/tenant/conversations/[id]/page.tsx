import Link from "next/link";
import { notFound } from "next/navigation";
import { AgentActions, ConversationFacts, LinkedAppointments, Transcript } from "@/components/conversations/conversation-view";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, requireTenantPage } from "@/lib/auth";
import { loadConversation } from "@/lib/conversations";
import { tenantDb } from "@/lib/db";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { conversationsMessages } from "@/lib/i18n/conversations-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { runAsTenant } from "@/lib/tenancy";
import { tenantTimeZone } from "@/lib/booking";

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireTenantPage("conversations.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(conversationsMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const { id } = await params;
  const { conversation, timeZone } = await runAsTenant(access.user.tenantId, async () => {
    const db = tenantDb();
    return { conversation: await loadConversation(db, id), timeZone: await tenantTimeZone(db) };
  });
  // Another tenant's conversation is invisible here (RLS), so it is the same 404 as an unknown id.
  if (!conversation) notFound();
  const view = { conversation, locale, timeZone, t };
  const title = fillMessage(t.detailTitle, { channel: t[`channel_${conversation.channel}`], client: conversation.client ?? t.unknownClient });
  return (
    <article aria-labelledby="conversation-heading" className="space-y-8">
      <div>
        <Link href="/conversations" className="text-sm font-medium text-brand-800 underline-offset-2 hover:underline">
          ← {t.back}
        </Link>
        <h1 id="conversation-heading" className="mt-2 text-2xl font-bold tracking-tight">
          {title}
        </h1>
        {can(access.user.role, "conversations.manage") && conversation.channel !== "voice" ? (
          <Link href={`/inbox/${conversation.id}`} className="mt-2 inline-block text-sm font-semibold text-brand-800 underline">
            {t.openInInbox}
          </Link>
        ) : null}
      </div>
      <ConversationFacts {...view} />
      {conversation.summary ? (
        <section aria-labelledby="summary-heading">
          <h2 id="summary-heading" className="mb-2 text-lg font-semibold">
            {t.summary}
          </h2>
          <p className="max-w-3xl whitespace-pre-wrap text-sm">{conversation.summary}</p>
        </section>
      ) : null}
      <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
        <section aria-labelledby="transcript-heading">
          <h2 id="transcript-heading" className="mb-3 text-lg font-semibold">
            {t.transcript}
          </h2>
          <Transcript {...view} />
        </section>
        <div className="space-y-8">
          <section aria-labelledby="actions-heading">
            <h2 id="actions-heading" className="mb-3 text-lg font-semibold">
              {t.actionsHeading}
            </h2>
            <AgentActions {...view} />
          </section>
          <LinkedAppointments {...view} />
        </div>
      </div>
    </article>
  );
}
