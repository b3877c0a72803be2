import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { describeInvitation } from "@/lib/auth/team";
import { pagePathParams } from "@/lib/http";

export const metadata: Metadata = { title: "Join your team · Frontdesk", referrer: "no-referrer" };

const STATE_TEXT = {
  used: "This invitation has already been used. Sign in to reach the workspace.",
  revoked: "This invitation was revoked. Ask whoever invited you for a new one.",
  expired: "This invitation has expired. Ask whoever invited you for a new one.",
} as const;

export default async function InvitationPage({ params }: { params: Promise<{ slug: string; token: string }> }) {
  const path = pagePathParams(await params);
  if (!path) notFound();
  const { slug, token } = path;
  const invitation = await describeInvitation(slug, token);
  if (!invitation) notFound();
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Join {invitation.tenantName}</h1>
      {invitation.state === "pending" ? (
        <>
          <p className="mt-2 text-sm text-ink-muted">
            You were invited as <strong>{invitation.role}</strong> with <strong>{invitation.email}</strong>.
          </p>
          <div className="mt-6">
            <AcceptInvitationForm slug={slug} token={token} hasAccount={invitation.hasAccount} />
          </div>
        </>
      ) : (
        <p role="alert" className="mt-4 text-sm text-red-700">
          {STATE_TEXT[invitation.state]}
        </p>
      )}
    </>
  );
}
