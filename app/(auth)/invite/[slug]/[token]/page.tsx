import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { describeInvitation } from "@/lib/auth/team";
import { pagePathParams } from "@/lib/http";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { authMessages } from "@/lib/i18n/auth-messages";
import { getPublicLocale } from "@/lib/i18n/public-locale";

export const metadata: Metadata = { title: "Frontdesk", referrer: "no-referrer" };

export default async function InvitationPage({ params }: { params: Promise<{ slug: string; token: string }> }) {
  const path = pagePathParams(await params);
  if (!path) notFound();
  const { slug, token } = path;
  const invitation = await describeInvitation(slug, token);
  if (!invitation) notFound();
  const t = messagesFor(authMessages, await getPublicLocale());
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">{fillMessage(t.joinTitle, { name: invitation.tenantName })}</h1>
      {invitation.state === "pending" ? (
        <>
          <p className="mt-2 text-sm text-ink-muted">{fillMessage(t.invitedAs, { role: t[`role_${invitation.role}`], email: invitation.email })}</p>
          <div className="mt-6">
            <AcceptInvitationForm slug={slug} token={token} hasAccount={invitation.hasAccount} t={t} />
          </div>
        </>
      ) : (
        <p role="alert" className="mt-4 text-sm text-red-700">
          {t[`invitation_${invitation.state}`]}
        </p>
      )}
    </>
  );
}
